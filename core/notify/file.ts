/**
 * The file channel: each message as a text file in a folder (the demo's <userDir>/trappan/outbox/),
 * so alerts can be seen without any server. Written to a temporary name and renamed, so a reader
 * never sees half a message; the outbox id is the name, so a repeat overwrites itself.
 */
import fs from "node:fs";
import path from "node:path";
import { Channel, DeliveryError, OutgoingMessage } from "./channel";

export function fileChannel(dir: string): Channel {
  return {
    name: "file",
    async send(message: OutgoingMessage) {
      const name = `${message.id.replace(/[^\w.-]/g, "_")}.txt`;
      const text = [`To: ${message.recipient}`, `Group: ${message.group}`, ...(message.subject !== undefined ? [`Subject: ${message.subject}`] : []), `Incidents: ${message.incidentIds.join(" ")}`, ...(message.htmlPath ? [`HTML: ${message.htmlPath}`] : []), ...(message.attachments ?? []).map((a) => `Attachment: ${a.path}`), "", message.text, ""].join("\n");
      try {
        await fs.promises.mkdir(dir, { recursive: true });
        const tmp = path.join(dir, `.${name}.tmp`);
        await fs.promises.writeFile(tmp, text, "utf8");
        await fs.promises.rename(tmp, path.join(dir, name));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A full disk may clear; a folder we may not write to will not.
        throw new DeliveryError(`cannot write ${name} in ${dir}: ${(error as Error).message}`, code === "ENOSPC" || code === "EBUSY" || code === "EMFILE", code);
      }
      return { providerId: name };
    },
    async close() {},
  };
}
