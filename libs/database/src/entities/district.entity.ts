import { Entity } from 'typeorm';
import { CodedEntity } from './base.js';

@Entity('districts')
export class DistrictEntity extends CodedEntity {}
