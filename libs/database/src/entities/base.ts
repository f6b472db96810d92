import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Columns every reference table has; keyset pagination orders by (createdAt, id). */
export abstract class ReferenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A reference row named in both official languages and addressed by a stable code. */
export abstract class CodedEntity extends ReferenceEntity {
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  nameKk!: string;

  @Column({ type: 'text' })
  nameRu!: string;
}
