import type { HandlerTable } from '../context.js';
import { dataTransfer } from '../data-transfer.js';
import { authorize } from './authorize.js';
import { bootNotification } from './boot-notification.js';
import { firmwareStatusNotification } from './firmware-status-notification.js';
import { publishFirmwareStatusNotification } from './publish-firmware-status-notification.js';
import { heartbeat } from './heartbeat.js';
import { logStatusNotification } from './log-status-notification.js';
import { meterValues } from './meter-values.js';
import { notifyEvent } from './notify-event.js';
import { notifyReport } from './notify-report.js';
import { reservationStatusUpdate } from './reservation-status-update.js';
import { securityEventNotification } from './security-event-notification.js';
import { signCertificate } from './sign-certificate.js';
import { statusNotification } from './status-notification.js';
import { transactionEvent } from './transaction-event.js';
import { clearedChargingLimit } from './cleared-charging-limit.js';
import { notifyChargingLimit } from './notify-charging-limit.js';
import { notifyEvChargingNeeds } from './notify-ev-charging-needs.js';
import { notifyEvChargingSchedule } from './notify-ev-charging-schedule.js';
import { reportChargingProfiles } from './report-charging-profiles.js';
import { notifyCustomerInformation, notifyDisplayMessages, notifyMonitoringReport } from './station-reports.js';

export const v201Handlers: HandlerTable = {
  BootNotification: bootNotification,
  Heartbeat: heartbeat,
  StatusNotification: statusNotification,
  Authorize: authorize,
  TransactionEvent: transactionEvent,
  MeterValues: meterValues,
  NotifyReport: notifyReport,
  NotifyEvent: notifyEvent,
  SecurityEventNotification: securityEventNotification,
  FirmwareStatusNotification: firmwareStatusNotification,
  LogStatusNotification: logStatusNotification,
  ReservationStatusUpdate: reservationStatusUpdate,
  SignCertificate: signCertificate,
  // DataTransfer has the same shape in both versions.
  DataTransfer: dataTransfer,
  // Smart charging (K): limits set outside the platform, EVs' needs, the station's profiles.
  NotifyChargingLimit: notifyChargingLimit,
  ClearedChargingLimit: clearedChargingLimit,
  NotifyEVChargingNeeds: notifyEvChargingNeeds,
  NotifyEVChargingSchedule: notifyEvChargingSchedule,
  ReportChargingProfiles: reportChargingProfiles,
  // Device management: display messages (O), customer information (N), monitoring (N).
  NotifyDisplayMessages: notifyDisplayMessages,
  NotifyCustomerInformation: notifyCustomerInformation,
  NotifyMonitoringReport: notifyMonitoringReport,
  // Local controllers publishing firmware (L05).
  PublishFirmwareStatusNotification: publishFirmwareStatusNotification,
};
