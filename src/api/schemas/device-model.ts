import { Type, type Static } from 'typebox';
import { ATTRIBUTE_TYPES, type ComponentRef, type VariableItem, type VariableRef } from '../../domain/device-model/index.js';

/** A component by name, or fully: instance and EVSE/connector (2.0.1 ComponentType). */
export const ComponentInput = Type.Union([
  Type.String({ minLength: 1, maxLength: 50 }),
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 50 }),
      instance: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
      evseId: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
      connectorId: Type.Optional(Type.Integer({ minimum: 1, maximum: 9 })),
    },
    { additionalProperties: false },
  ),
]);
export const VariableInput = Type.Union([
  Type.String({ minLength: 1, maxLength: 50 }),
  Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }), instance: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })) }, { additionalProperties: false }),
]);

export const VariableItemInput = Type.Object(
  {
    component: Type.Optional(ComponentInput),
    variable: VariableInput,
    attributeType: Type.Optional(Type.Enum(ATTRIBUTE_TYPES)),
    value: Type.Optional(Type.String({ maxLength: 1000, description: 'set-variables (1.6: at most 500 characters)' })),
  },
  { additionalProperties: false },
);
export type VariableItemInput = Static<typeof VariableItemInput>;

export const ComponentBody = Type.Object({
  name: Type.String(),
  instance: Type.Optional(Type.String()),
  evseId: Type.Optional(Type.Integer()),
  connectorId: Type.Optional(Type.Integer()),
});
export const VariableBody = Type.Object({ name: Type.String(), instance: Type.Optional(Type.String()) });

const component = (c: VariableItemInput['component']): ComponentRef | undefined => (c === undefined ? undefined : typeof c === 'string' ? { name: c } : c);
const variable = (v: VariableItemInput['variable']): VariableRef => (typeof v === 'string' ? { name: v } : v);

export const variableItem = (i: VariableItemInput): VariableItem => ({
  component: component(i.component),
  variable: variable(i.variable),
  attributeType: i.attributeType,
  value: i.value,
});
