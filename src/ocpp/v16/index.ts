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
import { logStatusNotification } from '../v201/log-status-notification.js';
import { securityEventNotification } from '../v201/security-event-notification.js';

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
  // The same shapes as 2.0.1's: security events kept per station, the log upload followed, signed firmware's status.
  SecurityEventNotification: securityEventNotification,
  LogStatusNotification: logStatusNotification,
  SignedFirmwareStatusNotification: firmwareStatusNotification,
};
