import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import type { Logger } from '../shared/logger.js';

export interface TlsSource {
  /** The gateway's certificate chain and key, PEM files (re-read when they change). */
  readonly certFile: string;
  readonly keyFile: string;
  /** A PEM file of more CAs trusted for stations' client certificates (re-read too). */
  readonly clientCaFile?: string | undefined;
  /** CAs trusted for client certificates whatever the files say (the platform's station CA). */
  readonly trustedCas: readonly string[];
}

/**
 * The TLS listener's certificate, key and trusted client CAs from files, watched: a renewed
 * certificate (certbot, a mounted secret) is served to the next handshakes without a restart.
 * Files are polled (stat) rather than watched with inotify, which loses track of files replaced by
 * rename or symlink swaps; a pair that does not load (a key not yet written beside its new
 * certificate) keeps the previous one until the next change.
 */
export class TlsFiles {
  #watched: string[] = [];

  constructor(
    private readonly source: TlsSource,
    private readonly log: Logger,
    private readonly pollMs = 1_000,
  ) {}

  async read(): Promise<SecureContextOptions> {
    const [cert, key, clientCa] = await Promise.all([
      readFile(this.source.certFile, 'utf8'),
      readFile(this.source.keyFile, 'utf8'),
      this.source.clientCaFile ? readFile(this.source.clientCaFile, 'utf8') : Promise.resolve(undefined),
    ]);
    const options: SecureContextOptions = { cert, key, ca: [...this.source.trustedCas, ...(clientCa ? [clientCa] : [])] };
    // Throws when the key does not match the certificate or a file is not PEM.
    createSecureContext(options);
    return options;
  }

  /** Calls apply with the new material after every change of a file that loads. */
  watch(apply: (options: SecureContextOptions) => void): void {
    const files = [this.source.certFile, this.source.keyFile, ...(this.source.clientCaFile ? [this.source.clientCaFile] : [])];
    const changed = (now: Stats, before: Stats) => {
      if (now.mtimeMs === before.mtimeMs && now.size === before.size && now.ino === before.ino) return;
      this.read()
        .then((options) => {
          apply(options);
          this.log.info({ certFile: this.source.certFile }, 'TLS certificate reloaded');
        })
        .catch((err: unknown) => this.log.warn({ err, certFile: this.source.certFile }, 'TLS files changed but do not load: serving the previous certificate'));
    };
    for (const f of files) watchFile(f, { interval: this.pollMs, persistent: false }, changed);
    this.#watched = files;
  }

  close(): void {
    for (const f of this.#watched) unwatchFile(f);
    this.#watched = [];
  }
}
