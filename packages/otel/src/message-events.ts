import type { Span } from '@opentelemetry/api';
import { RpcAttribute } from './rpc-attributes.js';

/** The direction of a message, the value of `rpc.message.type`. */
export type MessageType = 'SENT' | 'RECEIVED';

/**
 * `messages` as they pass, with a `message` event on `span` for each (`rpc.message.type`,
 * `rpc.message.id` counting from 1). Ending, failing or being left early passes through.
 */
export async function* withMessageEvents<T>(
  messages: AsyncIterable<T>,
  span: Span,
  type: MessageType,
): AsyncGenerator<T, void, undefined> {
  let id = 0;
  for await (const message of messages) {
    id++;
    if (span.isRecording()) {
      span.addEvent('message', { [RpcAttribute.messageType]: type, [RpcAttribute.messageId]: id });
    }
    yield message;
  }
}

/** Whether `value` can be read with `for await`. */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
