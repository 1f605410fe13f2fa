import type { Partner } from '../../../domain/partners/index.js';
import type { TcecRet } from '../envelope/index.js';

/** What a handler of one interface knows about the call: who calls, when. */
export interface InboundContext {
  readonly partner: Partner;
  readonly now: Date;
}

/** A handler's answer; Ret defaults to 0. Business parameter errors are thrown as TcecRefusal(4004). */
export interface InboundAnswer {
  readonly ret?: TcecRet;
  readonly msg?: string;
  readonly data: unknown;
}

/** One T/CEC interface we serve: a canonical Data body in, a canonical Data body out. */
export type InboundHandler = (ctx: InboundContext, body: unknown) => Promise<InboundAnswer>;

export type InboundHandlers = Readonly<Record<string, InboundHandler>>;
