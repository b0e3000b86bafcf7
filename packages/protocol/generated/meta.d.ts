import * as $protobuf from "protobufjs";

/** Namespace yrpc. */
export namespace yrpc {

    /** Namespace protocol. */
    namespace protocol {

        /** Namespace v1. */
        namespace v1 {

            /**
             * Properties of a MetadataEntry.
             * @deprecated Use yrpc.protocol.v1.MetadataEntry.$Properties instead.
             */
            interface IMetadataEntry extends yrpc.protocol.v1.MetadataEntry.$Properties {
            }

            /** Represents a MetadataEntry. */
            class MetadataEntry {

                /**
                 * Constructs a new MetadataEntry.
                 * @param [properties] Properties to set
                 */
                constructor(properties?: yrpc.protocol.v1.MetadataEntry.$Properties);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];

                /** MetadataEntry key. */
                key: string;

                /** MetadataEntry value. */
                value: string;

                /**
                 * Creates a new MetadataEntry instance using the specified properties.
                 * @param [properties] Properties to set
                 * @returns MetadataEntry instance
                 */
                static create(properties: yrpc.protocol.v1.MetadataEntry.$Shape): yrpc.protocol.v1.MetadataEntry & yrpc.protocol.v1.MetadataEntry.$Shape;
                static create(properties?: yrpc.protocol.v1.MetadataEntry.$Properties): yrpc.protocol.v1.MetadataEntry;

                /**
                 * Encodes the specified MetadataEntry message. Does not implicitly {@link yrpc.protocol.v1.MetadataEntry.verify|verify} messages.
                 * @param message MetadataEntry message or plain object to encode
                 * @param [writer] Writer to encode to
                 * @returns Writer
                 */
                static encode(message: yrpc.protocol.v1.MetadataEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

                /**
                 * Decodes a MetadataEntry message from the specified reader or buffer.
                 * @param reader Reader or buffer to decode from
                 * @param [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.MetadataEntry & yrpc.protocol.v1.MetadataEntry.$Shape} MetadataEntry
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): yrpc.protocol.v1.MetadataEntry & yrpc.protocol.v1.MetadataEntry.$Shape;
            }

            namespace MetadataEntry {

                /** Properties of a MetadataEntry. */
                interface $Properties {

                    /** MetadataEntry key */
                    key?: (string|null);

                    /** MetadataEntry value */
                    value?: (string|null);

                    /** Unknown fields preserved while decoding when enabled */
                    $unknowns?: Uint8Array[];
                }

                /** Shape of a MetadataEntry. */
                type $Shape = yrpc.protocol.v1.MetadataEntry.$Properties;
            }

            /**
             * Properties of a RequestMeta.
             * @deprecated Use yrpc.protocol.v1.RequestMeta.$Properties instead.
             */
            interface IRequestMeta extends yrpc.protocol.v1.RequestMeta.$Properties {
            }

            /** Represents a RequestMeta. */
            class RequestMeta {

                /**
                 * Constructs a new RequestMeta.
                 * @param [properties] Properties to set
                 */
                constructor(properties?: yrpc.protocol.v1.RequestMeta.$Properties);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];

                /** RequestMeta method. */
                method: string;

                /** RequestMeta timeoutMs. */
                timeoutMs: number;

                /** RequestMeta idempotencyKey. */
                idempotencyKey: Uint8Array;

                /** RequestMeta metadata. */
                metadata: yrpc.protocol.v1.MetadataEntry.$Properties[];

                /** RequestMeta traceparent. */
                traceparent: string;

                /** RequestMeta tracestate. */
                tracestate: string;

                /**
                 * Creates a new RequestMeta instance using the specified properties.
                 * @param [properties] Properties to set
                 * @returns RequestMeta instance
                 */
                static create(properties: yrpc.protocol.v1.RequestMeta.$Shape): yrpc.protocol.v1.RequestMeta & yrpc.protocol.v1.RequestMeta.$Shape;
                static create(properties?: yrpc.protocol.v1.RequestMeta.$Properties): yrpc.protocol.v1.RequestMeta;

                /**
                 * Encodes the specified RequestMeta message. Does not implicitly {@link yrpc.protocol.v1.RequestMeta.verify|verify} messages.
                 * @param message RequestMeta message or plain object to encode
                 * @param [writer] Writer to encode to
                 * @returns Writer
                 */
                static encode(message: yrpc.protocol.v1.RequestMeta.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

                /**
                 * Decodes a RequestMeta message from the specified reader or buffer.
                 * @param reader Reader or buffer to decode from
                 * @param [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.RequestMeta & yrpc.protocol.v1.RequestMeta.$Shape} RequestMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): yrpc.protocol.v1.RequestMeta & yrpc.protocol.v1.RequestMeta.$Shape;
            }

            namespace RequestMeta {

                /** Properties of a RequestMeta. */
                interface $Properties {

                    /** RequestMeta method */
                    method?: (string|null);

                    /** RequestMeta timeoutMs */
                    timeoutMs?: (number|null);

                    /** RequestMeta idempotencyKey */
                    idempotencyKey?: (Uint8Array|null);

                    /** RequestMeta metadata */
                    metadata?: (yrpc.protocol.v1.MetadataEntry.$Properties[]|null);

                    /** RequestMeta traceparent */
                    traceparent?: (string|null);

                    /** RequestMeta tracestate */
                    tracestate?: (string|null);

                    /** Unknown fields preserved while decoding when enabled */
                    $unknowns?: Uint8Array[];
                }

                /** Shape of a RequestMeta. */
                type $Shape = yrpc.protocol.v1.RequestMeta.$Properties;
            }

            /**
             * Properties of a ResponseMeta.
             * @deprecated Use yrpc.protocol.v1.ResponseMeta.$Properties instead.
             */
            interface IResponseMeta extends yrpc.protocol.v1.ResponseMeta.$Properties {
            }

            /** Represents a ResponseMeta. */
            class ResponseMeta {

                /**
                 * Constructs a new ResponseMeta.
                 * @param [properties] Properties to set
                 */
                constructor(properties?: yrpc.protocol.v1.ResponseMeta.$Properties);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];

                /** ResponseMeta metadata. */
                metadata: yrpc.protocol.v1.MetadataEntry.$Properties[];

                /** ResponseMeta trailers. */
                trailers: yrpc.protocol.v1.MetadataEntry.$Properties[];

                /**
                 * Creates a new ResponseMeta instance using the specified properties.
                 * @param [properties] Properties to set
                 * @returns ResponseMeta instance
                 */
                static create(properties: yrpc.protocol.v1.ResponseMeta.$Shape): yrpc.protocol.v1.ResponseMeta & yrpc.protocol.v1.ResponseMeta.$Shape;
                static create(properties?: yrpc.protocol.v1.ResponseMeta.$Properties): yrpc.protocol.v1.ResponseMeta;

                /**
                 * Encodes the specified ResponseMeta message. Does not implicitly {@link yrpc.protocol.v1.ResponseMeta.verify|verify} messages.
                 * @param message ResponseMeta message or plain object to encode
                 * @param [writer] Writer to encode to
                 * @returns Writer
                 */
                static encode(message: yrpc.protocol.v1.ResponseMeta.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

                /**
                 * Decodes a ResponseMeta message from the specified reader or buffer.
                 * @param reader Reader or buffer to decode from
                 * @param [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.ResponseMeta & yrpc.protocol.v1.ResponseMeta.$Shape} ResponseMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): yrpc.protocol.v1.ResponseMeta & yrpc.protocol.v1.ResponseMeta.$Shape;
            }

            namespace ResponseMeta {

                /** Properties of a ResponseMeta. */
                interface $Properties {

                    /** ResponseMeta metadata */
                    metadata?: (yrpc.protocol.v1.MetadataEntry.$Properties[]|null);

                    /** ResponseMeta trailers */
                    trailers?: (yrpc.protocol.v1.MetadataEntry.$Properties[]|null);

                    /** Unknown fields preserved while decoding when enabled */
                    $unknowns?: Uint8Array[];
                }

                /** Shape of a ResponseMeta. */
                type $Shape = yrpc.protocol.v1.ResponseMeta.$Properties;
            }

            /**
             * Properties of a StatusDetail.
             * @deprecated Use yrpc.protocol.v1.StatusDetail.$Properties instead.
             */
            interface IStatusDetail extends yrpc.protocol.v1.StatusDetail.$Properties {
            }

            /** Represents a StatusDetail. */
            class StatusDetail {

                /**
                 * Constructs a new StatusDetail.
                 * @param [properties] Properties to set
                 */
                constructor(properties?: yrpc.protocol.v1.StatusDetail.$Properties);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];

                /** StatusDetail typeUrl. */
                typeUrl: string;

                /** StatusDetail value. */
                value: Uint8Array;

                /**
                 * Creates a new StatusDetail instance using the specified properties.
                 * @param [properties] Properties to set
                 * @returns StatusDetail instance
                 */
                static create(properties: yrpc.protocol.v1.StatusDetail.$Shape): yrpc.protocol.v1.StatusDetail & yrpc.protocol.v1.StatusDetail.$Shape;
                static create(properties?: yrpc.protocol.v1.StatusDetail.$Properties): yrpc.protocol.v1.StatusDetail;

                /**
                 * Encodes the specified StatusDetail message. Does not implicitly {@link yrpc.protocol.v1.StatusDetail.verify|verify} messages.
                 * @param message StatusDetail message or plain object to encode
                 * @param [writer] Writer to encode to
                 * @returns Writer
                 */
                static encode(message: yrpc.protocol.v1.StatusDetail.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

                /**
                 * Decodes a StatusDetail message from the specified reader or buffer.
                 * @param reader Reader or buffer to decode from
                 * @param [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.StatusDetail & yrpc.protocol.v1.StatusDetail.$Shape} StatusDetail
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): yrpc.protocol.v1.StatusDetail & yrpc.protocol.v1.StatusDetail.$Shape;
            }

            namespace StatusDetail {

                /** Properties of a StatusDetail. */
                interface $Properties {

                    /** StatusDetail typeUrl */
                    typeUrl?: (string|null);

                    /** StatusDetail value */
                    value?: (Uint8Array|null);

                    /** Unknown fields preserved while decoding when enabled */
                    $unknowns?: Uint8Array[];
                }

                /** Shape of a StatusDetail. */
                type $Shape = yrpc.protocol.v1.StatusDetail.$Properties;
            }

            /**
             * Properties of a StatusMeta.
             * @deprecated Use yrpc.protocol.v1.StatusMeta.$Properties instead.
             */
            interface IStatusMeta extends yrpc.protocol.v1.StatusMeta.$Properties {
            }

            /** Represents a StatusMeta. */
            class StatusMeta {

                /**
                 * Constructs a new StatusMeta.
                 * @param [properties] Properties to set
                 */
                constructor(properties?: yrpc.protocol.v1.StatusMeta.$Properties);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];

                /** StatusMeta code. */
                code: number;

                /** StatusMeta message. */
                message: string;

                /** StatusMeta details. */
                details: yrpc.protocol.v1.StatusDetail.$Properties[];

                /** StatusMeta trailers. */
                trailers: yrpc.protocol.v1.MetadataEntry.$Properties[];

                /**
                 * Creates a new StatusMeta instance using the specified properties.
                 * @param [properties] Properties to set
                 * @returns StatusMeta instance
                 */
                static create(properties: yrpc.protocol.v1.StatusMeta.$Shape): yrpc.protocol.v1.StatusMeta & yrpc.protocol.v1.StatusMeta.$Shape;
                static create(properties?: yrpc.protocol.v1.StatusMeta.$Properties): yrpc.protocol.v1.StatusMeta;

                /**
                 * Encodes the specified StatusMeta message. Does not implicitly {@link yrpc.protocol.v1.StatusMeta.verify|verify} messages.
                 * @param message StatusMeta message or plain object to encode
                 * @param [writer] Writer to encode to
                 * @returns Writer
                 */
                static encode(message: yrpc.protocol.v1.StatusMeta.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

                /**
                 * Decodes a StatusMeta message from the specified reader or buffer.
                 * @param reader Reader or buffer to decode from
                 * @param [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.StatusMeta & yrpc.protocol.v1.StatusMeta.$Shape} StatusMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): yrpc.protocol.v1.StatusMeta & yrpc.protocol.v1.StatusMeta.$Shape;
            }

            namespace StatusMeta {

                /** Properties of a StatusMeta. */
                interface $Properties {

                    /** StatusMeta code */
                    code?: (number|null);

                    /** StatusMeta message */
                    message?: (string|null);

                    /** StatusMeta details */
                    details?: (yrpc.protocol.v1.StatusDetail.$Properties[]|null);

                    /** StatusMeta trailers */
                    trailers?: (yrpc.protocol.v1.MetadataEntry.$Properties[]|null);

                    /** Unknown fields preserved while decoding when enabled */
                    $unknowns?: Uint8Array[];
                }

                /** Shape of a StatusMeta. */
                type $Shape = yrpc.protocol.v1.StatusMeta.$Properties;
            }

            /**
             * Properties of a HandshakeMeta.
             * @deprecated Use yrpc.protocol.v1.HandshakeMeta.$Properties instead.
             */
            interface IHandshakeMeta extends yrpc.protocol.v1.HandshakeMeta.$Properties {
            }

            /** Represents a HandshakeMeta. */
            class HandshakeMeta {

                /**
                 * Constructs a new HandshakeMeta.
                 * @param [properties] Properties to set
                 */
                constructor(properties?: yrpc.protocol.v1.HandshakeMeta.$Properties);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];

                /** HandshakeMeta version. */
                version: number;

                /** HandshakeMeta maxFrameSize. */
                maxFrameSize: number;

                /** HandshakeMeta maxMetaSize. */
                maxMetaSize: number;

                /** HandshakeMeta maxConcurrentCalls. */
                maxConcurrentCalls: number;

                /** HandshakeMeta heartbeatIntervalMs. */
                heartbeatIntervalMs: number;

                /** HandshakeMeta agent. */
                agent: string;

                /** HandshakeMeta connectionWindow. */
                connectionWindow: number;

                /** HandshakeMeta streamWindow. */
                streamWindow: number;

                /** HandshakeMeta acceptEncoding. */
                acceptEncoding: string[];

                /**
                 * Creates a new HandshakeMeta instance using the specified properties.
                 * @param [properties] Properties to set
                 * @returns HandshakeMeta instance
                 */
                static create(properties: yrpc.protocol.v1.HandshakeMeta.$Shape): yrpc.protocol.v1.HandshakeMeta & yrpc.protocol.v1.HandshakeMeta.$Shape;
                static create(properties?: yrpc.protocol.v1.HandshakeMeta.$Properties): yrpc.protocol.v1.HandshakeMeta;

                /**
                 * Encodes the specified HandshakeMeta message. Does not implicitly {@link yrpc.protocol.v1.HandshakeMeta.verify|verify} messages.
                 * @param message HandshakeMeta message or plain object to encode
                 * @param [writer] Writer to encode to
                 * @returns Writer
                 */
                static encode(message: yrpc.protocol.v1.HandshakeMeta.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

                /**
                 * Decodes a HandshakeMeta message from the specified reader or buffer.
                 * @param reader Reader or buffer to decode from
                 * @param [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.HandshakeMeta & yrpc.protocol.v1.HandshakeMeta.$Shape} HandshakeMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): yrpc.protocol.v1.HandshakeMeta & yrpc.protocol.v1.HandshakeMeta.$Shape;
            }

            namespace HandshakeMeta {

                /** Properties of a HandshakeMeta. */
                interface $Properties {

                    /** HandshakeMeta version */
                    version?: (number|null);

                    /** HandshakeMeta maxFrameSize */
                    maxFrameSize?: (number|null);

                    /** HandshakeMeta maxMetaSize */
                    maxMetaSize?: (number|null);

                    /** HandshakeMeta maxConcurrentCalls */
                    maxConcurrentCalls?: (number|null);

                    /** HandshakeMeta heartbeatIntervalMs */
                    heartbeatIntervalMs?: (number|null);

                    /** HandshakeMeta agent */
                    agent?: (string|null);

                    /** HandshakeMeta connectionWindow */
                    connectionWindow?: (number|null);

                    /** HandshakeMeta streamWindow */
                    streamWindow?: (number|null);

                    /** HandshakeMeta acceptEncoding */
                    acceptEncoding?: (string[]|null);

                    /** Unknown fields preserved while decoding when enabled */
                    $unknowns?: Uint8Array[];
                }

                /** Shape of a HandshakeMeta. */
                type $Shape = yrpc.protocol.v1.HandshakeMeta.$Properties;
            }

            /**
             * Properties of a GoAwayMeta.
             * @deprecated Use yrpc.protocol.v1.GoAwayMeta.$Properties instead.
             */
            interface IGoAwayMeta extends yrpc.protocol.v1.GoAwayMeta.$Properties {
            }

            /** Represents a GoAwayMeta. */
            class GoAwayMeta {

                /**
                 * Constructs a new GoAwayMeta.
                 * @param [properties] Properties to set
                 */
                constructor(properties?: yrpc.protocol.v1.GoAwayMeta.$Properties);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];

                /** GoAwayMeta code. */
                code: number;

                /** GoAwayMeta message. */
                message: string;

                /**
                 * Creates a new GoAwayMeta instance using the specified properties.
                 * @param [properties] Properties to set
                 * @returns GoAwayMeta instance
                 */
                static create(properties: yrpc.protocol.v1.GoAwayMeta.$Shape): yrpc.protocol.v1.GoAwayMeta & yrpc.protocol.v1.GoAwayMeta.$Shape;
                static create(properties?: yrpc.protocol.v1.GoAwayMeta.$Properties): yrpc.protocol.v1.GoAwayMeta;

                /**
                 * Encodes the specified GoAwayMeta message. Does not implicitly {@link yrpc.protocol.v1.GoAwayMeta.verify|verify} messages.
                 * @param message GoAwayMeta message or plain object to encode
                 * @param [writer] Writer to encode to
                 * @returns Writer
                 */
                static encode(message: yrpc.protocol.v1.GoAwayMeta.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

                /**
                 * Decodes a GoAwayMeta message from the specified reader or buffer.
                 * @param reader Reader or buffer to decode from
                 * @param [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.GoAwayMeta & yrpc.protocol.v1.GoAwayMeta.$Shape} GoAwayMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): yrpc.protocol.v1.GoAwayMeta & yrpc.protocol.v1.GoAwayMeta.$Shape;
            }

            namespace GoAwayMeta {

                /** Properties of a GoAwayMeta. */
                interface $Properties {

                    /** GoAwayMeta code */
                    code?: (number|null);

                    /** GoAwayMeta message */
                    message?: (string|null);

                    /** Unknown fields preserved while decoding when enabled */
                    $unknowns?: Uint8Array[];
                }

                /** Shape of a GoAwayMeta. */
                type $Shape = yrpc.protocol.v1.GoAwayMeta.$Properties;
            }
        }
    }
}
