import { ApiProperty, DECORATORS } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIsoDurationString } from '../reference/validators.js';
import { documentValidatedClasses } from './validator-schemas.js';

class Author {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;
}

class Page {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;
}

class Sample extends Page {
  @IsEmail()
  email!: string;

  @IsOptional()
  @IsIn(['low', 'high'])
  priority?: string;

  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(5)
  ids?: string[];

  @Matches(/^[a-z]+$/)
  code!: string;

  @ValidateIf((o: Sample) => o.code === 'x')
  @IsString()
  conditional?: string;

  @IsIsoDurationString()
  target!: string;

  @ValidateNested()
  @Type(() => Author)
  reviewer!: Author;

  @ApiProperty({ type: Author, description: 'who wrote it' })
  @IsNotEmpty()
  author!: Author;
}

const meta = (cls: abstract new () => unknown, key: string) =>
  Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, cls.prototype, key) as Record<string, unknown>;
const keys = (cls: abstract new () => unknown) => Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, cls.prototype) as string[];

describe('documentValidatedClasses (OpenAPI schemas from class-validator rules)', () => {
  beforeAll(() => documentValidatedClasses());

  it('turns each rule into its schema keyword, and requiredness from IsOptional/ValidateIf', () => {
    expect(meta(Sample, 'email')).toMatchObject({ type: 'string', format: 'email', required: true });
    expect(meta(Sample, 'priority')).toMatchObject({ type: 'string', enum: ['low', 'high'], required: false });
    expect(meta(Sample, 'ids')).toMatchObject({ type: 'array', maxItems: 5, items: { type: 'string', format: 'uuid' }, required: false });
    expect(meta(Sample, 'code')).toMatchObject({ type: 'string', pattern: '^[a-z]+$', required: true });
    expect(meta(Sample, 'conditional')).toMatchObject({ type: 'string', required: false });
    expect(meta(Sample, 'target')).toMatchObject({ type: 'string', example: 'PT4H' });
    expect(meta(Sample, 'reviewer')).toMatchObject({ type: Author, required: true });
    expect(meta(Author, 'name')).toMatchObject({ type: 'string', minLength: 1, maxLength: 200, required: true });
  });

  it("reads defaults and the parent's properties, and keeps an explicit @ApiProperty", () => {
    expect(meta(Page, 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20, required: false });
    expect(keys(Sample)).toEqual(expect.arrayContaining([':limit', ':email', ':priority', ':ids', ':code', ':conditional', ':target', ':author']));
    expect(meta(Sample, 'author')).toMatchObject({ type: Author, description: 'who wrote it', required: true });
  });

  it('is idempotent: a second app in the same process documents the same', () => {
    const before = JSON.stringify({ e: meta(Sample, 'email'), i: meta(Sample, 'ids'), k: keys(Sample) });
    documentValidatedClasses();
    expect(JSON.stringify({ e: meta(Sample, 'email'), i: meta(Sample, 'ids'), k: keys(Sample) })).toBe(before);
  });
});
