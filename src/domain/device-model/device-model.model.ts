/**
 * A station's device model, version-neutral: OCPP 2.0.1 components and variables as the station
 * reports them (NotifyReport, GetVariables), and a 1.6 station's configuration keys as variables of
 * one component named `1.6` (GetConfiguration).
 */

/** The component under which a 1.6 station's configuration keys are kept. */
export const V16_COMPONENT = '1.6';

export const ATTRIBUTE_TYPES = ['Actual', 'Target', 'MinSet', 'MaxSet'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export const MUTABILITIES = ['ReadOnly', 'WriteOnly', 'ReadWrite'] as const;
export type Mutability = (typeof MUTABILITIES)[number];

export interface ComponentRef {
  readonly name: string;
  readonly instance?: string | undefined;
  readonly evseId?: number | undefined;
  readonly connectorId?: number | undefined;
}

export interface VariableRef {
  readonly name: string;
  readonly instance?: string | undefined;
}

export interface VariableAttribute {
  readonly type: AttributeType;
  readonly value?: string | undefined;
  readonly mutability?: Mutability | undefined;
  readonly persistent?: boolean | undefined;
  readonly constant?: boolean | undefined;
}

/** 2.0.1 VariableCharacteristicsType. */
export interface VariableCharacteristics {
  readonly unit?: string | undefined;
  readonly dataType: string;
  readonly minLimit?: number | undefined;
  readonly maxLimit?: number | undefined;
  readonly valuesList?: string | undefined;
  readonly supportsMonitoring: boolean;
}

/** One variable as a report names it: its attributes and, optionally, its characteristics. */
export interface ReportedVariable {
  readonly component: ComponentRef;
  readonly variable: VariableRef;
  readonly attributes: readonly VariableAttribute[];
  readonly characteristics?: VariableCharacteristics | undefined;
}

/** An attribute as stored: its value, and a value accepted for after the next reboot. */
export interface StoredAttribute extends VariableAttribute {
  readonly pendingValue: string | null;
  readonly updatedAt: Date;
}

export interface DeviceVariable {
  readonly component: ComponentRef;
  readonly variable: VariableRef;
  readonly attributes: readonly StoredAttribute[];
  readonly characteristics: VariableCharacteristics | null;
}

/** A variable to read or set (PATCH /v1/stations/{id}/variables, get-variables, set-variables). */
export interface VariableItem {
  /** Absent: the `1.6` component (a 1.6 configuration key). */
  readonly component?: ComponentRef | undefined;
  readonly variable: VariableRef;
  readonly attributeType?: AttributeType | undefined;
  /** set-variables: the value to set. */
  readonly value?: string | undefined;
}

/**
 * What a station answered for one variable, in the same words for both versions: 2.0.1
 * UnknownComponent / UnknownVariable / NotSupportedAttributeType and a 1.6 unknown key are
 * NotSupported; `stationStatus` keeps the station's own word.
 */
export const VARIABLE_STATUSES = ['Accepted', 'Rejected', 'RebootRequired', 'NotSupported'] as const;
export type VariableStatus = (typeof VARIABLE_STATUSES)[number];

export interface VariableResult {
  readonly component: ComponentRef;
  readonly variable: VariableRef;
  readonly attributeType: AttributeType;
  readonly status: VariableStatus;
  readonly stationStatus: string;
  /** get-variables: the value read; set-variables: the value set. */
  readonly value?: string | undefined;
  /** 1.6 GetConfiguration: a read-only key. */
  readonly mutability?: Mutability | undefined;
  readonly info?: string | undefined;
}

/** OCPP 2.0.1 ReportBaseEnumType (1.6: the whole configuration). */
export const REPORT_BASES = ['FullInventory', 'ConfigurationInventory', 'SummaryInventory'] as const;
export type ReportBase = (typeof REPORT_BASES)[number];

/** OCPP 2.0.1 ComponentCriterionEnumType (get-report). */
export const COMPONENT_CRITERIA = ['Active', 'Available', 'Enabled', 'Problem'] as const;
export type ComponentCriterion = (typeof COMPONENT_CRITERIA)[number];

export const sameComponent = (a: ComponentRef, b: ComponentRef): boolean =>
  a.name === b.name && (a.instance ?? '') === (b.instance ?? '') && (a.evseId ?? 0) === (b.evseId ?? 0) && (a.connectorId ?? 0) === (b.connectorId ?? 0);
export const sameVariable = (a: VariableRef, b: VariableRef): boolean => a.name === b.name && (a.instance ?? '') === (b.instance ?? '');
