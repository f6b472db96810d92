import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { RoutingModelView, RoutingPreviewView } from '@app/contracts';
import { RouterService } from '@app/intake';
import { Roles } from '../auth/auth.decorators.js';
import { ApiDoc, ref } from '../openapi/api-doc.decorator.js';

class RoutingPreviewDto {
  /** A resident's comment as it would arrive. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  text!: string;
}

/** The comment router, for the people who tune it: try a text against the current keywords and model. */
@ApiTags('routing')
@ApiBearerAuth()
@Roles('admin', 'press_secretary')
@Controller('routing')
export class RoutingController {
  constructor(private readonly router: RouterService) {}

  /** `{ categoryCode, certain, confidence, matched, alternatives }`: what intake would do with this text now. */
  @Post('preview')
  @HttpCode(200)
  @ApiDoc({ summary: 'What intake would do with this text now', ok: ref('RoutingPreview'), errors: [400, 403] })
  async preview(@Body() dto: RoutingPreviewDto): Promise<RoutingPreviewView> {
    const { categoryCode, departmentId, certain, confidence, matched, alternatives } = await this.router.preview(dto.text);
    return { categoryCode, departmentId, certain, confidence, matched, alternatives };
  }

  /** The model in use: version, what it learnt from, and its precision on the desk's recent decisions it was not trained on. */
  @Get('model')
  @ApiDoc({ summary: 'The routing model in use and its measured precision', ok: ref('RoutingModel'), errors: [403] })
  model(): Promise<RoutingModelView<Date>> {
    return this.router.summary();
  }
}
