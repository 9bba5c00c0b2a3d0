/**
 * Messages users read, as codes with parameters and an English text. core/ and zigbee/ stay free
 * of Node-RED; the nodes translate codes into the user's language (en-US, sv) and fall back to
 * the English text for a code they do not know.
 */

export type Params = Record<string, unknown>;

/** Turns a code and its parameters into words; `english` is the fallback. */
export type Translate = (code: string, params: Params, english: string) => string;

export const english: Translate = (_code, _params, text) => text;

/** Something to tell the user: a code, its parameters and the English words. */
export interface Message {
  code: string;
  params: Params;
  text: string;
}

/** An error whose message can be said in the user's language. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    readonly params: Params,
    message: string,
  ) {
    super(message);
  }

  /** The message in the words `translate` gives. */
  say(translate: Translate): string {
    return translate(this.code, this.params, this.message);
  }
}
