/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Number = $util.global.Number;

// Exported root namespace
const $root = $protobuf.roots["my-app"] || ($protobuf.roots["my-app"] = {});

export const demo = $root.demo = (() => {

    /**
     * Namespace demo.
     * @exports demo
     * @namespace
     */
    const demo = {};

    demo.Greeter = (function() {

        /**
         * Constructs a new Greeter service.
         * @memberof demo
         * @classdesc Represents a Greeter
         * @extends $protobuf.rpc.Service
         * @constructor
         * @param {$protobuf.RPCImpl} rpcImpl RPC implementation
         * @param {boolean} [requestDelimited=false] Whether requests are length-delimited
         * @param {boolean} [responseDelimited=false] Whether responses are length-delimited
         */
        const Greeter = function(rpcImpl, requestDelimited, responseDelimited) {
            $protobuf.rpc.Service.call(this, rpcImpl, requestDelimited, responseDelimited);
        };

        $Object.defineProperty(Greeter.prototype = $Object.create($protobuf.rpc.Service.prototype), "constructor", { value: Greeter, writable: true, enumerable: false, configurable: true });

        /**
         * Creates new Greeter service using the specified rpc implementation.
         * @function create
         * @memberof demo.Greeter
         * @static
         * @param {$protobuf.RPCImpl} rpcImpl RPC implementation
         * @param {boolean} [requestDelimited=false] Whether requests are length-delimited
         * @param {boolean} [responseDelimited=false] Whether responses are length-delimited
         * @returns {Greeter} RPC service. Useful where requests and/or responses are streamed.
         */
        Greeter.create = function(rpcImpl, requestDelimited, responseDelimited) {
            return new this(rpcImpl, requestDelimited, responseDelimited);
        };

        /**
         * Callback as used by {@link demo.Greeter#sayHello}.
         * @memberof demo.Greeter
         * @typedef SayHelloCallback
         * @type {function}
         * @param {Error|null} error Error, if any
         * @param {demo.HelloReply} [response] HelloReply
         */

        /**
         * Calls SayHello.
         * @memberof demo.Greeter
         * @typedef SayHello
         * @type {{
         *   (request: demo.IHelloRequest, callback: demo.Greeter.SayHelloCallback): void;
         *   (request: demo.IHelloRequest): Promise<demo.HelloReply>;
         *   readonly name: "SayHello";
         *   readonly path: "/demo.Greeter/SayHello";
         *   readonly requestType: "HelloRequest";
         *   readonly responseType: "HelloReply";
         *   readonly requestStream: undefined;
         *   readonly responseStream: undefined;
         * }}
         */

        /**
         * Calls SayHello.
         * @name demo.Greeter#sayHello
         * @type {demo.Greeter.SayHello}
         */
        $Object.defineProperties(Greeter.prototype.sayHello = function(request, callback) {
            return $protobuf.rpc.Service.prototype.rpcCall.call(this, Greeter.prototype.sayHello, $root.demo.HelloRequest, $root.demo.HelloReply, request, callback);
        }, {
            name: { value: "SayHello" },
            path: { value: "/demo.Greeter/SayHello" },
            requestType: { value: "HelloRequest" },
            responseType: { value: "HelloReply" },
            requestStream: { value: $undefined },
            responseStream: { value: $undefined }
        });

        /**
         * Callback as used by {@link demo.Greeter#sayHelloSlowly}.
         * @memberof demo.Greeter
         * @typedef SayHelloSlowlyCallback
         * @type {function}
         * @param {Error|null} error Error, if any
         * @param {demo.HelloReply} [response] HelloReply
         */

        /**
         * Calls SayHelloSlowly.
         * @memberof demo.Greeter
         * @typedef SayHelloSlowly
         * @type {{
         *   (request: demo.ISlowHelloRequest, callback: demo.Greeter.SayHelloSlowlyCallback): void;
         *   (request: demo.ISlowHelloRequest): Promise<demo.HelloReply>;
         *   readonly name: "SayHelloSlowly";
         *   readonly path: "/demo.Greeter/SayHelloSlowly";
         *   readonly requestType: "SlowHelloRequest";
         *   readonly responseType: "HelloReply";
         *   readonly requestStream: undefined;
         *   readonly responseStream: undefined;
         * }}
         */

        /**
         * Calls SayHelloSlowly.
         * @name demo.Greeter#sayHelloSlowly
         * @type {demo.Greeter.SayHelloSlowly}
         */
        $Object.defineProperties(Greeter.prototype.sayHelloSlowly = function(request, callback) {
            return $protobuf.rpc.Service.prototype.rpcCall.call(this, Greeter.prototype.sayHelloSlowly, $root.demo.SlowHelloRequest, $root.demo.HelloReply, request, callback);
        }, {
            name: { value: "SayHelloSlowly" },
            path: { value: "/demo.Greeter/SayHelloSlowly" },
            requestType: { value: "SlowHelloRequest" },
            responseType: { value: "HelloReply" },
            requestStream: { value: $undefined },
            responseStream: { value: $undefined }
        });

        return Greeter;
    })();

    demo.HelloRequest = (function() {

        /**
         * Properties of a HelloRequest.
         * @typedef {Object} demo.HelloRequest.$Properties
         * @property {string|null} [name] HelloRequest name
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a HelloRequest.
         * @memberof demo
         * @interface IHelloRequest
         * @augments demo.HelloRequest.$Properties
         * @deprecated Use demo.HelloRequest.$Properties instead.
         */

        /**
         * Shape of a HelloRequest.
         * @typedef {demo.HelloRequest.$Properties} demo.HelloRequest.$Shape
         */

        /**
         * Constructs a new HelloRequest.
         * @memberof demo
         * @classdesc Represents a HelloRequest.
         * @constructor
         * @param {demo.HelloRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const HelloRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * HelloRequest name.
         * @member {string} name
         * @memberof demo.HelloRequest
         * @instance
         */
        HelloRequest.prototype.name = "";

        /**
         * Creates a new HelloRequest instance using the specified properties.
         * @function create
         * @memberof demo.HelloRequest
         * @static
         * @param {demo.HelloRequest.$Properties=} [properties] Properties to set
         * @returns {demo.HelloRequest} HelloRequest instance
         * @type {{
         *   (properties: demo.HelloRequest.$Shape): demo.HelloRequest & demo.HelloRequest.$Shape;
         *   (properties?: demo.HelloRequest.$Properties): demo.HelloRequest;
         * }}
         */
        HelloRequest.create = function(properties) {
            return new HelloRequest(properties);
        };

        /**
         * Encodes the specified HelloRequest message. Does not implicitly {@link demo.HelloRequest.verify|verify} messages.
         * @function encode
         * @memberof demo.HelloRequest
         * @static
         * @param {demo.HelloRequest.$Properties} message HelloRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HelloRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified HelloRequest message, length delimited. Does not implicitly {@link demo.HelloRequest.verify|verify} messages.
         * @function encodeDelimited
         * @memberof demo.HelloRequest
         * @static
         * @param {demo.HelloRequest.$Properties} message HelloRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HelloRequest.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a HelloRequest message from the specified reader or buffer.
         * @function decode
         * @memberof demo.HelloRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {demo.HelloRequest & demo.HelloRequest.$Shape} HelloRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HelloRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.demo.HelloRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a HelloRequest message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof demo.HelloRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {demo.HelloRequest & demo.HelloRequest.$Shape} HelloRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HelloRequest.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Verifies a HelloRequest message.
         * @function verify
         * @memberof demo.HelloRequest
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        HelloRequest.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                if (!$util.isString(message.name))
                    return "name: string expected";
            return null;
        };

        /**
         * Creates a HelloRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof demo.HelloRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {demo.HelloRequest} HelloRequest
         */
        HelloRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.demo.HelloRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".demo.HelloRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.demo.HelloRequest();
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            return message;
        };

        /**
         * Creates a plain object from a HelloRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof demo.HelloRequest
         * @static
         * @param {demo.HelloRequest} message HelloRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        HelloRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                object.name = "";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            return object;
        };

        /**
         * Converts this HelloRequest to JSON.
         * @function toJSON
         * @memberof demo.HelloRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        HelloRequest.prototype.toJSON = function() {
            return HelloRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for HelloRequest
         * @function getTypeUrl
         * @memberof demo.HelloRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        HelloRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/demo.HelloRequest";
        };

        return HelloRequest;
    })();

    demo.SlowHelloRequest = (function() {

        /**
         * Properties of a SlowHelloRequest.
         * @typedef {Object} demo.SlowHelloRequest.$Properties
         * @property {string|null} [name] SlowHelloRequest name
         * @property {number|null} [delayMs] SlowHelloRequest delayMs
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a SlowHelloRequest.
         * @memberof demo
         * @interface ISlowHelloRequest
         * @augments demo.SlowHelloRequest.$Properties
         * @deprecated Use demo.SlowHelloRequest.$Properties instead.
         */

        /**
         * Shape of a SlowHelloRequest.
         * @typedef {demo.SlowHelloRequest.$Properties} demo.SlowHelloRequest.$Shape
         */

        /**
         * Constructs a new SlowHelloRequest.
         * @memberof demo
         * @classdesc Represents a SlowHelloRequest.
         * @constructor
         * @param {demo.SlowHelloRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const SlowHelloRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * SlowHelloRequest name.
         * @member {string} name
         * @memberof demo.SlowHelloRequest
         * @instance
         */
        SlowHelloRequest.prototype.name = "";

        /**
         * SlowHelloRequest delayMs.
         * @member {number} delayMs
         * @memberof demo.SlowHelloRequest
         * @instance
         */
        SlowHelloRequest.prototype.delayMs = 0;

        /**
         * Creates a new SlowHelloRequest instance using the specified properties.
         * @function create
         * @memberof demo.SlowHelloRequest
         * @static
         * @param {demo.SlowHelloRequest.$Properties=} [properties] Properties to set
         * @returns {demo.SlowHelloRequest} SlowHelloRequest instance
         * @type {{
         *   (properties: demo.SlowHelloRequest.$Shape): demo.SlowHelloRequest & demo.SlowHelloRequest.$Shape;
         *   (properties?: demo.SlowHelloRequest.$Properties): demo.SlowHelloRequest;
         * }}
         */
        SlowHelloRequest.create = function(properties) {
            return new SlowHelloRequest(properties);
        };

        /**
         * Encodes the specified SlowHelloRequest message. Does not implicitly {@link demo.SlowHelloRequest.verify|verify} messages.
         * @function encode
         * @memberof demo.SlowHelloRequest
         * @static
         * @param {demo.SlowHelloRequest.$Properties} message SlowHelloRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SlowHelloRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
            if (message.delayMs != null && $Object.hasOwnProperty.call(message, "delayMs") && message.delayMs !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.delayMs);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified SlowHelloRequest message, length delimited. Does not implicitly {@link demo.SlowHelloRequest.verify|verify} messages.
         * @function encodeDelimited
         * @memberof demo.SlowHelloRequest
         * @static
         * @param {demo.SlowHelloRequest.$Properties} message SlowHelloRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        SlowHelloRequest.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a SlowHelloRequest message from the specified reader or buffer.
         * @function decode
         * @memberof demo.SlowHelloRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {demo.SlowHelloRequest & demo.SlowHelloRequest.$Shape} SlowHelloRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SlowHelloRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.demo.SlowHelloRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.name = value;
                        else
                            delete message.name;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.delayMs = value;
                        else
                            delete message.delayMs;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a SlowHelloRequest message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof demo.SlowHelloRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {demo.SlowHelloRequest & demo.SlowHelloRequest.$Shape} SlowHelloRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        SlowHelloRequest.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Verifies a SlowHelloRequest message.
         * @function verify
         * @memberof demo.SlowHelloRequest
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        SlowHelloRequest.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                if (!$util.isString(message.name))
                    return "name: string expected";
            if (message.delayMs != null && $Object.hasOwnProperty.call(message, "delayMs"))
                if (!$util.isInteger(message.delayMs))
                    return "delayMs: integer expected";
            return null;
        };

        /**
         * Creates a SlowHelloRequest message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof demo.SlowHelloRequest
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {demo.SlowHelloRequest} SlowHelloRequest
         */
        SlowHelloRequest.fromObject = function (object, _depth) {
            if (object instanceof $root.demo.SlowHelloRequest)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".demo.SlowHelloRequest: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.demo.SlowHelloRequest();
            if (object.name != null)
                if (typeof object.name !== "string" || object.name.length)
                    message.name = $String(object.name);
            if (object.delayMs != null)
                if ($Number(object.delayMs) !== 0)
                    message.delayMs = object.delayMs >>> 0;
            return message;
        };

        /**
         * Creates a plain object from a SlowHelloRequest message. Also converts values to other types if specified.
         * @function toObject
         * @memberof demo.SlowHelloRequest
         * @static
         * @param {demo.SlowHelloRequest} message SlowHelloRequest
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        SlowHelloRequest.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults) {
                object.name = "";
                object.delayMs = 0;
            }
            if (message.name != null && $Object.hasOwnProperty.call(message, "name"))
                object.name = message.name;
            if (message.delayMs != null && $Object.hasOwnProperty.call(message, "delayMs"))
                object.delayMs = message.delayMs;
            return object;
        };

        /**
         * Converts this SlowHelloRequest to JSON.
         * @function toJSON
         * @memberof demo.SlowHelloRequest
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        SlowHelloRequest.prototype.toJSON = function() {
            return SlowHelloRequest.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for SlowHelloRequest
         * @function getTypeUrl
         * @memberof demo.SlowHelloRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        SlowHelloRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/demo.SlowHelloRequest";
        };

        return SlowHelloRequest;
    })();

    demo.HelloReply = (function() {

        /**
         * Properties of a HelloReply.
         * @typedef {Object} demo.HelloReply.$Properties
         * @property {string|null} [message] HelloReply message
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a HelloReply.
         * @memberof demo
         * @interface IHelloReply
         * @augments demo.HelloReply.$Properties
         * @deprecated Use demo.HelloReply.$Properties instead.
         */

        /**
         * Shape of a HelloReply.
         * @typedef {demo.HelloReply.$Properties} demo.HelloReply.$Shape
         */

        /**
         * Constructs a new HelloReply.
         * @memberof demo
         * @classdesc Represents a HelloReply.
         * @constructor
         * @param {demo.HelloReply.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const HelloReply = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * HelloReply message.
         * @member {string} message
         * @memberof demo.HelloReply
         * @instance
         */
        HelloReply.prototype.message = "";

        /**
         * Creates a new HelloReply instance using the specified properties.
         * @function create
         * @memberof demo.HelloReply
         * @static
         * @param {demo.HelloReply.$Properties=} [properties] Properties to set
         * @returns {demo.HelloReply} HelloReply instance
         * @type {{
         *   (properties: demo.HelloReply.$Shape): demo.HelloReply & demo.HelloReply.$Shape;
         *   (properties?: demo.HelloReply.$Properties): demo.HelloReply;
         * }}
         */
        HelloReply.create = function(properties) {
            return new HelloReply(properties);
        };

        /**
         * Encodes the specified HelloReply message. Does not implicitly {@link demo.HelloReply.verify|verify} messages.
         * @function encode
         * @memberof demo.HelloReply
         * @static
         * @param {demo.HelloReply.$Properties} message HelloReply message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HelloReply.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.message);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Encodes the specified HelloReply message, length delimited. Does not implicitly {@link demo.HelloReply.verify|verify} messages.
         * @function encodeDelimited
         * @memberof demo.HelloReply
         * @static
         * @param {demo.HelloReply.$Properties} message HelloReply message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HelloReply.encodeDelimited = function(message, writer) {
            return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
        };

        /**
         * Decodes a HelloReply message from the specified reader or buffer.
         * @function decode
         * @memberof demo.HelloReply
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {demo.HelloReply & demo.HelloReply.$Shape} HelloReply
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HelloReply.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.demo.HelloReply();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.message = value;
                        else
                            delete message.message;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Decodes a HelloReply message from the specified reader or buffer, length delimited.
         * @function decodeDelimited
         * @memberof demo.HelloReply
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @returns {demo.HelloReply & demo.HelloReply.$Shape} HelloReply
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HelloReply.decodeDelimited = function(reader) {
            if (!(reader instanceof $Reader))
                reader = new $Reader(reader);
            return this.decode(reader, reader.size());
        };

        /**
         * Verifies a HelloReply message.
         * @function verify
         * @memberof demo.HelloReply
         * @static
         * @param {Object.<string,*>} message Plain object to verify
         * @returns {string|null} `null` if valid, otherwise the reason why it is not
         */
        HelloReply.verify = function (message, _depth) {
            if (typeof message !== "object" || message === null)
                return "object expected";
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                return "max depth exceeded";
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                if (!$util.isString(message.message))
                    return "message: string expected";
            return null;
        };

        /**
         * Creates a HelloReply message from a plain object. Also converts values to their respective internal types.
         * @function fromObject
         * @memberof demo.HelloReply
         * @static
         * @param {Object.<string,*>} object Plain object
         * @returns {demo.HelloReply} HelloReply
         */
        HelloReply.fromObject = function (object, _depth) {
            if (object instanceof $root.demo.HelloReply)
                return object;
            if (!$util.isObject(object))
                throw $TypeError(".demo.HelloReply: object expected");
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let message = new $root.demo.HelloReply();
            if (object.message != null)
                if (typeof object.message !== "string" || object.message.length)
                    message.message = $String(object.message);
            return message;
        };

        /**
         * Creates a plain object from a HelloReply message. Also converts values to other types if specified.
         * @function toObject
         * @memberof demo.HelloReply
         * @static
         * @param {demo.HelloReply} message HelloReply
         * @param {$protobuf.IConversionOptions} [options] Conversion options
         * @returns {Object.<string,*>} Plain object
         */
        HelloReply.toObject = function (message, options, _depth) {
            if (!options)
                options = {};
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            let object = {};
            if (options.defaults)
                object.message = "";
            if (message.message != null && $Object.hasOwnProperty.call(message, "message"))
                object.message = message.message;
            return object;
        };

        /**
         * Converts this HelloReply to JSON.
         * @function toJSON
         * @memberof demo.HelloReply
         * @instance
         * @returns {Object.<string,*>} JSON object
         */
        HelloReply.prototype.toJSON = function() {
            return HelloReply.toObject(this, $protobuf.util.toJSONOptions);
        };

        /**
         * Gets the type url for HelloReply
         * @function getTypeUrl
         * @memberof demo.HelloReply
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        HelloReply.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/demo.HelloReply";
        };

        return HelloReply;
    })();

    return demo;
})();

export {
  $root as default
};
