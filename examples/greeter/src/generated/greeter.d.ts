import * as $protobuf from "protobufjs";

/** Namespace greeter. */
export namespace greeter {

    /** Namespace v1. */
    namespace v1 {

        /** Represents a Greeter */
        class Greeter extends $protobuf.rpc.Service {

            /**
             * Constructs a new Greeter service.
             * @param rpcImpl RPC implementation
             * @param [requestDelimited=false] Whether requests are length-delimited
             * @param [responseDelimited=false] Whether responses are length-delimited
             */
            constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);

            /**
             * Creates new Greeter service using the specified rpc implementation.
             * @param rpcImpl RPC implementation
             * @param [requestDelimited=false] Whether requests are length-delimited
             * @param [responseDelimited=false] Whether responses are length-delimited
             * @returns RPC service. Useful where requests and/or responses are streamed.
             */
            static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): Greeter;

            /** Calls SayHello. */
            sayHello: greeter.v1.Greeter.SayHello;

            /** Calls SayHelloSlowly. */
            sayHelloSlowly: greeter.v1.Greeter.SayHelloSlowly;
        }

        namespace Greeter {

            /**
             * Callback as used by {@link greeter.v1.Greeter#sayHello}.
             * @param error Error, if any
             * @param [response] HelloReply
             */
            type SayHelloCallback = (error: (Error|null), response?: greeter.v1.HelloReply) => void;

            /** Calls SayHello. */
            type SayHello = {
              (request: greeter.v1.IHelloRequest, callback: greeter.v1.Greeter.SayHelloCallback): void;
              (request: greeter.v1.IHelloRequest): Promise<greeter.v1.HelloReply>;
              readonly name: "SayHello";
              readonly path: "/greeter.v1.Greeter/SayHello";
              readonly requestType: "HelloRequest";
              readonly responseType: "HelloReply";
              readonly requestStream: undefined;
              readonly responseStream: undefined;
            };

            /**
             * Callback as used by {@link greeter.v1.Greeter#sayHelloSlowly}.
             * @param error Error, if any
             * @param [response] HelloReply
             */
            type SayHelloSlowlyCallback = (error: (Error|null), response?: greeter.v1.HelloReply) => void;

            /** Calls SayHelloSlowly. */
            type SayHelloSlowly = {
              (request: greeter.v1.ISlowHelloRequest, callback: greeter.v1.Greeter.SayHelloSlowlyCallback): void;
              (request: greeter.v1.ISlowHelloRequest): Promise<greeter.v1.HelloReply>;
              readonly name: "SayHelloSlowly";
              readonly path: "/greeter.v1.Greeter/SayHelloSlowly";
              readonly requestType: "SlowHelloRequest";
              readonly responseType: "HelloReply";
              readonly requestStream: undefined;
              readonly responseStream: undefined;
            };
        }

        /**
         * Properties of a HelloRequest.
         * @deprecated Use greeter.v1.HelloRequest.$Properties instead.
         */
        interface IHelloRequest extends greeter.v1.HelloRequest.$Properties {
        }

        /** Represents a HelloRequest. */
        class HelloRequest {

            /**
             * Constructs a new HelloRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: greeter.v1.HelloRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** HelloRequest name. */
            name: string;

            /**
             * Creates a new HelloRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns HelloRequest instance
             */
            static create(properties: greeter.v1.HelloRequest.$Shape): greeter.v1.HelloRequest & greeter.v1.HelloRequest.$Shape;
            static create(properties?: greeter.v1.HelloRequest.$Properties): greeter.v1.HelloRequest;

            /**
             * Encodes the specified HelloRequest message. Does not implicitly {@link greeter.v1.HelloRequest.verify|verify} messages.
             * @param message HelloRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: greeter.v1.HelloRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified HelloRequest message, length delimited. Does not implicitly {@link greeter.v1.HelloRequest.verify|verify} messages.
             * @param message HelloRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: greeter.v1.HelloRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a HelloRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {greeter.v1.HelloRequest & greeter.v1.HelloRequest.$Shape} HelloRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): greeter.v1.HelloRequest & greeter.v1.HelloRequest.$Shape;

            /**
             * Decodes a HelloRequest message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {greeter.v1.HelloRequest & greeter.v1.HelloRequest.$Shape} HelloRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): greeter.v1.HelloRequest & greeter.v1.HelloRequest.$Shape;

            /**
             * Verifies a HelloRequest message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a HelloRequest message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns HelloRequest
             */
            static fromObject(object: { [k: string]: any }): greeter.v1.HelloRequest;

            /**
             * Creates a plain object from a HelloRequest message. Also converts values to other types if specified.
             * @param message HelloRequest
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: greeter.v1.HelloRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this HelloRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for HelloRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace HelloRequest {

            /** Properties of a HelloRequest. */
            interface $Properties {

                /** HelloRequest name */
                name?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a HelloRequest. */
            type $Shape = greeter.v1.HelloRequest.$Properties;
        }

        /**
         * Properties of a SlowHelloRequest.
         * @deprecated Use greeter.v1.SlowHelloRequest.$Properties instead.
         */
        interface ISlowHelloRequest extends greeter.v1.SlowHelloRequest.$Properties {
        }

        /** Represents a SlowHelloRequest. */
        class SlowHelloRequest {

            /**
             * Constructs a new SlowHelloRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: greeter.v1.SlowHelloRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SlowHelloRequest name. */
            name: string;

            /** SlowHelloRequest delayMs. */
            delayMs: number;

            /**
             * Creates a new SlowHelloRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SlowHelloRequest instance
             */
            static create(properties: greeter.v1.SlowHelloRequest.$Shape): greeter.v1.SlowHelloRequest & greeter.v1.SlowHelloRequest.$Shape;
            static create(properties?: greeter.v1.SlowHelloRequest.$Properties): greeter.v1.SlowHelloRequest;

            /**
             * Encodes the specified SlowHelloRequest message. Does not implicitly {@link greeter.v1.SlowHelloRequest.verify|verify} messages.
             * @param message SlowHelloRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: greeter.v1.SlowHelloRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified SlowHelloRequest message, length delimited. Does not implicitly {@link greeter.v1.SlowHelloRequest.verify|verify} messages.
             * @param message SlowHelloRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: greeter.v1.SlowHelloRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SlowHelloRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {greeter.v1.SlowHelloRequest & greeter.v1.SlowHelloRequest.$Shape} SlowHelloRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): greeter.v1.SlowHelloRequest & greeter.v1.SlowHelloRequest.$Shape;

            /**
             * Decodes a SlowHelloRequest message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {greeter.v1.SlowHelloRequest & greeter.v1.SlowHelloRequest.$Shape} SlowHelloRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): greeter.v1.SlowHelloRequest & greeter.v1.SlowHelloRequest.$Shape;

            /**
             * Verifies a SlowHelloRequest message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a SlowHelloRequest message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns SlowHelloRequest
             */
            static fromObject(object: { [k: string]: any }): greeter.v1.SlowHelloRequest;

            /**
             * Creates a plain object from a SlowHelloRequest message. Also converts values to other types if specified.
             * @param message SlowHelloRequest
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: greeter.v1.SlowHelloRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this SlowHelloRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for SlowHelloRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SlowHelloRequest {

            /** Properties of a SlowHelloRequest. */
            interface $Properties {

                /** SlowHelloRequest name */
                name?: (string|null);

                /** SlowHelloRequest delayMs */
                delayMs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SlowHelloRequest. */
            type $Shape = greeter.v1.SlowHelloRequest.$Properties;
        }

        /**
         * Properties of a HelloReply.
         * @deprecated Use greeter.v1.HelloReply.$Properties instead.
         */
        interface IHelloReply extends greeter.v1.HelloReply.$Properties {
        }

        /** Represents a HelloReply. */
        class HelloReply {

            /**
             * Constructs a new HelloReply.
             * @param [properties] Properties to set
             */
            constructor(properties?: greeter.v1.HelloReply.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** HelloReply message. */
            message: string;

            /**
             * Creates a new HelloReply instance using the specified properties.
             * @param [properties] Properties to set
             * @returns HelloReply instance
             */
            static create(properties: greeter.v1.HelloReply.$Shape): greeter.v1.HelloReply & greeter.v1.HelloReply.$Shape;
            static create(properties?: greeter.v1.HelloReply.$Properties): greeter.v1.HelloReply;

            /**
             * Encodes the specified HelloReply message. Does not implicitly {@link greeter.v1.HelloReply.verify|verify} messages.
             * @param message HelloReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: greeter.v1.HelloReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Encodes the specified HelloReply message, length delimited. Does not implicitly {@link greeter.v1.HelloReply.verify|verify} messages.
             * @param message HelloReply message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encodeDelimited(message: greeter.v1.HelloReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a HelloReply message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {greeter.v1.HelloReply & greeter.v1.HelloReply.$Shape} HelloReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): greeter.v1.HelloReply & greeter.v1.HelloReply.$Shape;

            /**
             * Decodes a HelloReply message from the specified reader or buffer, length delimited.
             * @param reader Reader or buffer to decode from
             * @returns {greeter.v1.HelloReply & greeter.v1.HelloReply.$Shape} HelloReply
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): greeter.v1.HelloReply & greeter.v1.HelloReply.$Shape;

            /**
             * Verifies a HelloReply message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a HelloReply message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns HelloReply
             */
            static fromObject(object: { [k: string]: any }): greeter.v1.HelloReply;

            /**
             * Creates a plain object from a HelloReply message. Also converts values to other types if specified.
             * @param message HelloReply
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: greeter.v1.HelloReply, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this HelloReply to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };

            /**
             * Gets the type url for HelloReply
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace HelloReply {

            /** Properties of a HelloReply. */
            interface $Properties {

                /** HelloReply message */
                message?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a HelloReply. */
            type $Shape = greeter.v1.HelloReply.$Properties;
        }
    }
}
