import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { visibleOperator, type Principal } from '../../domain/access/index.js';
import { ATTRIBUTE_TYPES, MUTABILITIES, VARIABLE_STATUSES, type ComponentRef, type DeviceVariable, type SetVariableOutcome, type VariableRef } from '../../domain/device-model/index.js';
import { AppError } from '../../shared/errors.js';
import type { ApiDeps } from '../deps.js';
import { errorResponses, IdParam, Nullable } from '../schemas/common.js';
import { ComponentBody, VariableBody, VariableItemInput, variableItem } from '../schemas/device-model.js';
import type { TypedApp } from '../typed-app.js';

const VariableView = Type.Object({
  component: ComponentBody,
  variable: VariableBody,
  attributes: Type.Array(
    Type.Object({
      type: Type.Enum(ATTRIBUTE_TYPES),
      value: Nullable(Type.String()),
      mutability: Nullable(Type.Enum(MUTABILITIES)),
      persistent: Nullable(Type.Boolean()),
      constant: Nullable(Type.Boolean()),
      pendingValue: Nullable(Type.String({ description: 'Accepted by the station for after its next reboot (RebootRequired)' })),
      updatedAt: Type.String(),
    }),
  ),
  characteristics: Nullable(
    Type.Object({
      unit: Nullable(Type.String()),
      dataType: Type.String(),
      minLimit: Nullable(Type.Number()),
      maxLimit: Nullable(Type.Number()),
      valuesList: Nullable(Type.String()),
      supportsMonitoring: Type.Boolean(),
    }),
  ),
});

const SetItemView = Type.Object({
  component: ComponentBody,
  variable: VariableBody,
  attributeType: Type.Enum(ATTRIBUTE_TYPES),
  value: Type.String(),
  status: Nullable(Type.Enum(VARIABLE_STATUSES, { description: 'null: not answered (yet), see error and the command' })),
  stationStatus: Type.Optional(Type.String({ description: "The station's own word (2.0.1 UnknownVariable, …)" })),
  info: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  commandId: Type.String(),
});
const SetAnswer = Type.Object({ answered: Type.Boolean(), items: Type.Array(SetItemView) });

/** The parts a reference has (JSON leaves out what is absent). */
const componentView = (c: ComponentRef) => ({
  name: c.name,
  ...(c.instance !== undefined ? { instance: c.instance } : {}),
  ...(c.evseId !== undefined ? { evseId: c.evseId } : {}),
  ...(c.connectorId !== undefined ? { connectorId: c.connectorId } : {}),
});
const variableView = (v: VariableRef) => ({ name: v.name, ...(v.instance !== undefined ? { instance: v.instance } : {}) });

const view = (v: DeviceVariable) => ({
  component: componentView(v.component),
  variable: variableView(v.variable),
  attributes: v.attributes.map((a) => ({
    type: a.type,
    value: a.value ?? null,
    mutability: a.mutability ?? null,
    persistent: a.persistent ?? null,
    constant: a.constant ?? null,
    pendingValue: a.pendingValue,
    updatedAt: a.updatedAt.toISOString(),
  })),
  characteristics: v.characteristics && {
    unit: v.characteristics.unit ?? null,
    dataType: v.characteristics.dataType,
    minLimit: v.characteristics.minLimit ?? null,
    maxLimit: v.characteristics.maxLimit ?? null,
    valuesList: v.characteristics.valuesList ?? null,
    supportsMonitoring: v.characteristics.supportsMonitoring,
  },
});

const setItemView = (o: SetVariableOutcome) => ({
  component: componentView(o.component!),
  variable: variableView(o.variable),
  attributeType: o.attributeType ?? 'Actual',
  value: o.value!,
  status: o.status,
  ...(o.stationStatus !== undefined ? { stationStatus: o.stationStatus } : {}),
  ...(o.info !== undefined ? { info: o.info } : {}),
  ...(o.error !== undefined ? { error: o.error } : {}),
  commandId: o.commandId,
});

/** A station's device model: what it reported (2.0.1 variables, 1.6 keys as the `1.6` component), and setting it. */
export async function deviceModelRoutes(base: FastifyInstance, deps: ApiDeps): Promise<void> {
  const app = base as TypedApp;
  const tags = ['device management'];

  /** An operator key sees its own stations only; another operator's is as good as absent. */
  const visible = async (stationId: string, principal: Principal) => {
    const s = await deps.stations.get(stationId);
    const own = visibleOperator(principal);
    if (!s || (own !== undefined && s.operatorId !== own)) throw new AppError('STATION_NOT_FOUND', `station ${stationId} not found`);
    return s;
  };

  app.get('/v1/stations/:id/variables', {
    schema: {
      tags,
      summary: "The station's stored device model: components, variables, attributes, characteristics (1.6: its keys, component `1.6`)",
      params: IdParam,
      querystring: Type.Object({ component: Type.Optional(Type.String({ maxLength: 50 })), variable: Type.Optional(Type.String({ maxLength: 50 })) }),
      response: { 200: Type.Object({ stationId: Type.String(), items: Type.Array(VariableView) }), ...errorResponses },
    },
  }, async (req) => {
    await visible(req.params.id, req.principal);
    return { stationId: req.params.id, items: (await deps.deviceModel.list(req.params.id, req.query)).map(view) };
  });

  app.patch('/v1/stations/:id/variables', {
    schema: {
      tags,
      summary: 'Set variables (2.0.1 SetVariables; 1.6 ChangeConfiguration, one key each) and answer per item',
      description:
        'Sent through the durable commands (`set-variables`). 200 when the station answered within `wait` seconds (default 10), each item ' +
        'Accepted / Rejected / RebootRequired / NotSupported; otherwise 202 with the items unanswered (see each commandId; an offline station gets them when it is back).',
      params: IdParam,
      querystring: Type.Object({ wait: Type.Integer({ minimum: 0, maximum: 30, default: 10, description: 'Seconds to wait for the answers' }) }),
      body: Type.Object({ items: Type.Array(VariableItemInput, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
      response: { 200: SetAnswer, 202: SetAnswer, ...errorResponses },
    },
  }, async (req, reply) => {
    await visible(req.params.id, req.principal);
    const r = await deps.deviceModel.setVariables(req.params.id, req.body.items.map(variableItem), req.principal, req.query.wait * 1000);
    return reply.status(r.answered ? 200 : 202).send({ answered: r.answered, items: r.items.map(setItemView) });
  });

  app.put('/v1/stations/:id/report-on-boot', {
    schema: {
      tags,
      summary: "Answer the station's boots Pending until its report is fetched (2.0.1 GetBaseReport, 1.6 GetConfiguration), then accept it",
      params: IdParam,
      body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: Type.Object({ stationId: Type.String(), enabled: Type.Boolean() }), ...errorResponses },
    },
  }, async (req) => {
    const s = await visible(req.params.id, req.principal);
    if (req.principal.kind !== 'admin' && !(req.principal.operatorId === s.operatorId && req.principal.roles.includes('CPO'))) {
      throw new AppError('FORBIDDEN', `this key may not manage station ${req.params.id}`);
    }
    await deps.deviceModel.setReportOnBoot(req.params.id, req.body.enabled);
    return { stationId: req.params.id, enabled: req.body.enabled };
  });
}
