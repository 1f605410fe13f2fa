/** What update-firmware asks of a station: where to fetch the image, when, and its signature. */
export interface FirmwareRequest {
  readonly location: string;
  readonly retrieveAt: string;
  readonly installAt?: string | undefined;
  /** Base64 signature of the image; with signingCertificate, a 1.6 station gets SignedUpdateFirmware. */
  readonly signature?: string | undefined;
  readonly signingCertificate?: string | undefined;
  /** Identifies the request in the station's FirmwareStatusNotifications (2.0.1, 1.6 signed). */
  readonly requestId: number;
  readonly retries?: number | undefined;
  readonly retryInterval?: number | undefined;
}

/**
 * FirmwareStatusEnumType of both versions. The failures end a station's update; Installed is
 * followed by a reboot (the new version arrives in the next BootNotification).
 */
export const FIRMWARE_FAILED_STATUSES: ReadonlySet<string> = new Set([
  'DownloadFailed',
  'InstallationFailed',
  'InstallVerificationFailed',
  'InvalidSignature',
]);
