import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace demo. */
export namespace demo {

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
        sayHello: demo.Greeter.SayHello;

        /** Calls SayHelloSlowly. */
        sayHelloSlowly: demo.Greeter.SayHelloSlowly;
    }

    namespace Greeter {

        /**
         * Callback as used by {@link demo.Greeter#sayHello}.
         * @param error Error, if any
         * @param [response] HelloReply
         */
        type SayHelloCallback = (error: (Error|null), response?: demo.HelloReply) => void;

        /** Calls SayHello. */
        type SayHello = {
          (request: demo.IHelloRequest, callback: demo.Greeter.SayHelloCallback): void;
          (request: demo.IHelloRequest): Promise<demo.HelloReply>;
          readonly name: "SayHello";
          readonly path: "/demo.Greeter/SayHello";
          readonly requestType: "HelloRequest";
          readonly responseType: "HelloReply";
          readonly requestStream: undefined;
          readonly responseStream: undefined;
        };

        /**
         * Callback as used by {@link demo.Greeter#sayHelloSlowly}.
         * @param error Error, if any
         * @param [response] HelloReply
         */
        type SayHelloSlowlyCallback = (error: (Error|null), response?: demo.HelloReply) => void;

        /** Calls SayHelloSlowly. */
        type SayHelloSlowly = {
          (request: demo.ISlowHelloRequest, callback: demo.Greeter.SayHelloSlowlyCallback): void;
          (request: demo.ISlowHelloRequest): Promise<demo.HelloReply>;
          readonly name: "SayHelloSlowly";
          readonly path: "/demo.Greeter/SayHelloSlowly";
          readonly requestType: "SlowHelloRequest";
          readonly responseType: "HelloReply";
          readonly requestStream: undefined;
          readonly responseStream: undefined;
        };
    }

    /**
     * Properties of a HelloRequest.
     * @deprecated Use demo.HelloRequest.$Properties instead.
     */
    interface IHelloRequest extends demo.HelloRequest.$Properties {
    }

    /** Represents a HelloRequest. */
    class HelloRequest {

        /**
         * Constructs a new HelloRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: demo.HelloRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** HelloRequest name. */
        name: string;

        /**
         * Creates a new HelloRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns HelloRequest instance
         */
        static create(properties: demo.HelloRequest.$Shape): demo.HelloRequest & demo.HelloRequest.$Shape;
        static create(properties?: demo.HelloRequest.$Properties): demo.HelloRequest;

        /**
         * Encodes the specified HelloRequest message. Does not implicitly {@link demo.HelloRequest.verify|verify} messages.
         * @param message HelloRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: demo.HelloRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified HelloRequest message, length delimited. Does not implicitly {@link demo.HelloRequest.verify|verify} messages.
         * @param message HelloRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encodeDelimited(message: demo.HelloRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a HelloRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {demo.HelloRequest & demo.HelloRequest.$Shape} HelloRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): demo.HelloRequest & demo.HelloRequest.$Shape;

        /**
         * Decodes a HelloRequest message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns {demo.HelloRequest & demo.HelloRequest.$Shape} HelloRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): demo.HelloRequest & demo.HelloRequest.$Shape;

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
        static fromObject(object: { [k: string]: any }): demo.HelloRequest;

        /**
         * Creates a plain object from a HelloRequest message. Also converts values to other types if specified.
         * @param message HelloRequest
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: demo.HelloRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

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
        type $Shape = demo.HelloRequest.$Properties;
    }

    /**
     * Properties of a SlowHelloRequest.
     * @deprecated Use demo.SlowHelloRequest.$Properties instead.
     */
    interface ISlowHelloRequest extends demo.SlowHelloRequest.$Properties {
    }

    /** Represents a SlowHelloRequest. */
    class SlowHelloRequest {

        /**
         * Constructs a new SlowHelloRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: demo.SlowHelloRequest.$Properties);

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
        static create(properties: demo.SlowHelloRequest.$Shape): demo.SlowHelloRequest & demo.SlowHelloRequest.$Shape;
        static create(properties?: demo.SlowHelloRequest.$Properties): demo.SlowHelloRequest;

        /**
         * Encodes the specified SlowHelloRequest message. Does not implicitly {@link demo.SlowHelloRequest.verify|verify} messages.
         * @param message SlowHelloRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: demo.SlowHelloRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified SlowHelloRequest message, length delimited. Does not implicitly {@link demo.SlowHelloRequest.verify|verify} messages.
         * @param message SlowHelloRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encodeDelimited(message: demo.SlowHelloRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a SlowHelloRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {demo.SlowHelloRequest & demo.SlowHelloRequest.$Shape} SlowHelloRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): demo.SlowHelloRequest & demo.SlowHelloRequest.$Shape;

        /**
         * Decodes a SlowHelloRequest message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns {demo.SlowHelloRequest & demo.SlowHelloRequest.$Shape} SlowHelloRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): demo.SlowHelloRequest & demo.SlowHelloRequest.$Shape;

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
        static fromObject(object: { [k: string]: any }): demo.SlowHelloRequest;

        /**
         * Creates a plain object from a SlowHelloRequest message. Also converts values to other types if specified.
         * @param message SlowHelloRequest
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: demo.SlowHelloRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

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
        type $Shape = demo.SlowHelloRequest.$Properties;
    }

    /**
     * Properties of a HelloReply.
     * @deprecated Use demo.HelloReply.$Properties instead.
     */
    interface IHelloReply extends demo.HelloReply.$Properties {
    }

    /** Represents a HelloReply. */
    class HelloReply {

        /**
         * Constructs a new HelloReply.
         * @param [properties] Properties to set
         */
        constructor(properties?: demo.HelloReply.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** HelloReply message. */
        message: string;

        /**
         * Creates a new HelloReply instance using the specified properties.
         * @param [properties] Properties to set
         * @returns HelloReply instance
         */
        static create(properties: demo.HelloReply.$Shape): demo.HelloReply & demo.HelloReply.$Shape;
        static create(properties?: demo.HelloReply.$Properties): demo.HelloReply;

        /**
         * Encodes the specified HelloReply message. Does not implicitly {@link demo.HelloReply.verify|verify} messages.
         * @param message HelloReply message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: demo.HelloReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Encodes the specified HelloReply message, length delimited. Does not implicitly {@link demo.HelloReply.verify|verify} messages.
         * @param message HelloReply message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encodeDelimited(message: demo.HelloReply.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a HelloReply message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {demo.HelloReply & demo.HelloReply.$Shape} HelloReply
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): demo.HelloReply & demo.HelloReply.$Shape;

        /**
         * Decodes a HelloReply message from the specified reader or buffer, length delimited.
         * @param reader Reader or buffer to decode from
         * @returns {demo.HelloReply & demo.HelloReply.$Shape} HelloReply
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): demo.HelloReply & demo.HelloReply.$Shape;

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
        static fromObject(object: { [k: string]: any }): demo.HelloReply;

        /**
         * Creates a plain object from a HelloReply message. Also converts values to other types if specified.
         * @param message HelloReply
         * @param [options] Conversion options
         * @returns Plain object
         */
        static toObject(message: demo.HelloReply, options?: $protobuf.IConversionOptions): { [k: string]: any };

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
        type $Shape = demo.HelloReply.$Properties;
    }
}
