/**
 * Stream's error responses.
 *
 * Handlers throw `StreamError` with the bare detail; the app's error handler turns it into
 * the exact body Stream sends: `{code, message, StatusCode, duration, more_info, details}`,
 * where `message` is `<Operation> failed with error: "<detail>"` — the SDK surfaces that
 * string verbatim (`StreamChat error code <code>: <message>`), and apps match substrings of
 * it (e.g. "already exists"), so the format matters.
 */

export const MORE_INFO = 'https://getstream.io/chat/docs/api_errors_response';

/** Stream error codes used by the emulator (names from the SDK's errors.ts). */
export const ErrorCode = {
  InternalSystem: -1,
  AccessKey: 2,
  Input: 4,
  Authentication: 5,
  RateLimit: 9,
  DoesNotExist: 16,
  NotAllowed: 17,
  MessageTooLong: 20,
  PayloadTooBig: 22,
  RequestTimeout: 23,
  TokenExpired: 40,
  TokenNotValidYet: 41,
  TokenUsedBeforeIssuedAt: 42,
} as const;

export class StreamError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    /** The part inside the quotes of `<Op> failed with error: "<detail>"`. */
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'StreamError';
  }
}

export const inputError = (detail: string) => new StreamError(400, ErrorCode.Input, detail);
export const notAllowedError = (detail: string) =>
  new StreamError(403, ErrorCode.NotAllowed, detail);
export const authError = (detail: string, code: number = ErrorCode.Authentication) =>
  new StreamError(401, code, detail);
export const channelNotFound = (cid: string) =>
  new StreamError(404, ErrorCode.DoesNotExist, `Can't find channel with id ${cid}`);

/**
 * The Stream code that goes with an HTTP status when a caller (a fault rule) gives only the
 * status. Mirrors the documented code table; anything unlisted is an internal error.
 */
export function defaultCodeForStatus(status: number): number {
  switch (status) {
    case 400:
      return ErrorCode.Input;
    case 401:
      return ErrorCode.Authentication;
    case 403:
      return ErrorCode.NotAllowed;
    case 404:
      return ErrorCode.DoesNotExist;
    case 408:
      return ErrorCode.RequestTimeout;
    case 413:
      return ErrorCode.PayloadTooBig;
    case 429:
      return ErrorCode.RateLimit;
    default:
      return ErrorCode.InternalSystem;
  }
}

export interface StreamErrorBody {
  code: number;
  message: string;
  StatusCode: number;
  duration: string;
  more_info: string;
  details: [];
}

export function errorBody(
  op: string,
  status: number,
  code: number,
  detail: string,
  duration: string,
): StreamErrorBody {
  return {
    code,
    message: `${op} failed with error: "${detail}"`,
    StatusCode: status,
    duration,
    more_info: MORE_INFO,
    details: [],
  };
}
