/** One CALL the platform sends to a station. */
export interface OutboundCall {
  readonly action: string;
  readonly payload: Record<string, unknown>;
}
