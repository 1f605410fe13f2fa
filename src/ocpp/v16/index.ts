import type { HandlerTable } from '../context.js';
import { authorize } from './authorize.js';
import { bootNotification } from './boot-notification.js';
import { dataTransfer } from '../data-transfer.js';
import { diagnosticsStatusNotification } from './diagnostics-status-notification.js';
import { firmwareStatusNotification } from './firmware-status-notification.js';
import { heartbeat } from './heartbeat.js';
import { meterValues } from './meter-values.js';
import { signCertificate } from './sign-certificate.js';
import { startTransaction } from './start-transaction.js';
import { statusNotification } from './status-notification.js';
import { stopTransaction } from './stop-transaction.js';

/** Every message a 1.6 charge point sends in the Core, Firmware and Diagnostics profiles. */
export const v16Handlers: HandlerTable = {
  BootNotification: bootNotification,
  Heartbeat: heartbeat,
  StatusNotification: statusNotification,
  Authorize: authorize,
  StartTransaction: startTransaction,
  MeterValues: meterValues,
  StopTransaction: stopTransaction,
  DataTransfer: dataTransfer,
  DiagnosticsStatusNotification: diagnosticsStatusNotification,
  FirmwareStatusNotification: firmwareStatusNotification,
  // Security extension (1.6 security whitepaper).
  SignCertificate: signCertificate,
};
