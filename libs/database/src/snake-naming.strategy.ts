import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm';

/** An entity's property name as its column's: `firstResponseDueAt` -> `first_response_due_at`. */
export const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Entities speak camelCase (as the JSON contract does), tables speak snake_case. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snake([...prefixes, customName ?? propertyName].join('_'));
  }
}
