/** One CALL the platform sends to a station. */
export interface OutboundCall {
  readonly action: string;
  readonly payload: Record<string, unknown>;
  /**
   * The payload split for a station that takes fewer items per message (2.0.1 ItemsPerMessage):
   * one CALL each, in order; the lists in their answers are joined into one answer.
   */
  readonly parts?: readonly Record<string, unknown>[] | undefined;
}

/** The answers to a call's parts as one: lists joined, anything else from the last answer. */
export function joinedAnswers(answers: readonly unknown[]): unknown {
  if (answers.length === 1) return answers[0];
  const joined: Record<string, unknown> = {};
  for (const a of answers as Record<string, unknown>[]) {
    for (const [k, v] of Object.entries(a ?? {})) joined[k] = Array.isArray(v) && Array.isArray(joined[k]) ? [...(joined[k] as unknown[]), ...v] : v;
  }
  return joined;
}
