import { Entity } from 'typeorm';
import { CodedEntity } from './base.js';

@Entity('departments')
export class DepartmentEntity extends CodedEntity {}
