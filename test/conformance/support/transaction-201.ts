import { randomUUID } from 'node:crypto';
import type { OcttStation } from './octt-station.js';

type Payload = Record<string, any>;

/** An energy register reading (Wh) as a 2.0.1 MeterValue. */
export const energy = (wh: number, context?: string, signed = false) => ({
  timestamp: new Date().toISOString(),
  sampledValue: [
    {
      value: wh,
      measurand: 'Energy.Active.Import.Register',
      unitOfMeasure: { unit: 'Wh' },
      ...(context ? { context } : {}),
      ...(signed ? { signedMeterValue: { signedMeterData: 'T0NNRi1TSUdORUQtREFUQQ==', signingMethod: 'ECDSA-secp256r1-SHA256', encodingMethod: 'OCMF', publicKey: 'UFVCTElDLUtFWQ==' } } : {}),
    },
  ],
});

/** One 2.0.1 transaction as the OCTT station reports it: TransactionEvents with a running seqNo. */
export class Transaction201 {
  readonly id: string;
  seqNo = 0;

  constructor(
    readonly station: OcttStation,
    readonly evseId = 1,
    id?: string,
  ) {
    this.id = id ?? randomUUID();
  }

  /** Sends one TransactionEvent; `info` adds to transactionInfo, `extra` to the message (evse: null for a Started event that names none). */
  send(eventType: 'Started' | 'Updated' | 'Ended', triggerReason: string, info: Payload = {}, extra: Payload = {}): Promise<any> {
    const { evse, ...rest } = extra;
    return this.station.send('TransactionEvent', {
      eventType,
      timestamp: new Date().toISOString(),
      triggerReason,
      seqNo: this.seqNo++,
      transactionInfo: { transactionId: this.id, ...info },
      ...(evse === null ? {} : evse !== undefined ? { evse } : eventType === 'Started' ? { evse: { id: this.evseId, connectorId: 1 } } : {}),
      ...rest,
    });
  }
}

export const idToken = (value: string, type = 'ISO14443') => ({ idToken: { idToken: value, type } });
