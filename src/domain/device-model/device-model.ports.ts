import type { OcppVersion, RegistrationStatus } from '../stations/station.model.js';
import type { AttributeType, ComponentRef, DeviceVariable, ReportedVariable, VariableRef } from './device-model.model.js';

/** A value a station took: now (Accepted) or after its next reboot (pending). */
export interface AttributeUpdate {
  readonly component: ComponentRef;
  readonly variable: VariableRef;
  readonly attributeType: AttributeType;
  readonly value: string;
  readonly pending: boolean;
}

/** Which variables a listing shows (all given conditions hold). */
export interface DeviceModelFilter {
  readonly component?: string | undefined;
  readonly variable?: string | undefined;
}

/** What decides a boot's answer when the station's report is to be fetched first. */
export interface BootReportState {
  readonly operatorId: string;
  readonly ocppVersion: OcppVersion | null;
  readonly reportOnBoot: boolean;
  /** The report fetched at a Pending boot arrived then; the next boot is accepted. */
  readonly bootReportAt: Date | null;
}

/** Durable device models. Every write resolves once it is committed. */
export interface DeviceModelStore {
  /** Upserts what a report or a read names: a reported value replaces any pending one. */
  recordReport(stationId: string, variables: readonly ReportedVariable[], at: Date): Promise<void>;
  recordUpdates(stationId: string, updates: readonly AttributeUpdate[], at: Date): Promise<void>;
  list(stationId: string, filter?: DeviceModelFilter): Promise<DeviceVariable[]>;
  /** Whether this request of the station was a get-base-report command for its full inventory. */
  isFullReport(stationId: string, requestId: number): Promise<boolean>;
  /** Drops what no report or answer has named since `before` (a full inventory just ended); returns how many attributes went. */
  pruneBefore(stationId: string, before: Date): Promise<number>;
  bootReportState(stationId: string): Promise<BootReportState | null>;
  setReportOnBoot(stationId: string, enabled: boolean): Promise<boolean>;
  /** The report fetched at a Pending boot is complete; a station Pending in the store becomes `becomes`. */
  bootReportDone(stationId: string, at: Date, becomes: RegistrationStatus | null): Promise<void>;
  /** The accepted boot used the report up: the next boot fetches a new one. */
  consumeBootReport(stationId: string): Promise<void>;
}
