/**
 * Says core's and zigbee's coded messages in the user's language through a node set's message
 * catalog, falling back to the English words for a code the catalog does not have.
 */
import type { NodeAPI } from "node-red";
import { CodedError, Message, Params, Translate } from "../core/messages";

/** Codes under `prefix` in the node set's catalog, e.g. "trappan-coordinator.messages". */
export function translator(RED: NodeAPI, prefix: string, spaces?: string): Translate {
  return (code, params, english) => {
    const values: Params = { ...params };
    // Spaces are enum values (stairwell); say them as words (trapphus).
    if (spaces && typeof values.space === "string") {
      const key = `${spaces}.${values.space}`;
      const word = RED._(key);
      if (word && word !== key) values.space = word;
    }
    const key = `${prefix}.${code}`;
    const text = RED._(key, values as Record<string, string | number>);
    return text && text !== key ? text : english;
  };
}

export type Say = (what: Message | Error) => string;

/** Anything a node may show: a coded error or message in the user's words, other errors as they are. */
export function sayer(translate: Translate): Say {
  return (what) => {
    if (what instanceof CodedError) return what.say(translate);
    if (what instanceof Error) return what.message;
    return translate(what.code, what.params, what.text);
  };
}
