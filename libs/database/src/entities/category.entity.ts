import { Column, Entity } from 'typeorm';
import { CodedEntity } from './base.js';

@Entity('categories')
export class CategoryEntity extends CodedEntity {
  @Column({ type: 'uuid', nullable: true })
  departmentId!: string | null;

  /** Kazakh and Russian word stems that route a resident's text to this category. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords!: string[];

  /** Phrases whose words never count for this category ("бұл жолы" for roads). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  exclusions!: string[];
}
