/** Runbook files are UTF-8. Decoding keeps a byte order mark (the serializer writes it back). */
import { InputError } from '../common/errors';

export function decodeRunbook(bytes: Uint8Array, name = 'the runbook'): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputError(`${name} is not valid UTF-8 text; save it as UTF-8 and try again (nothing was changed).`);
  }
}

/** The UTF-8 bytes a save writes. */
export function encodeRunbook(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
