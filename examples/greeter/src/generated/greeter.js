/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError, $TypeError = $util.global.TypeError, $String = $util.global.String, $Number = $util.global.Number;

// Exported root namespace
const $root = $protobuf.roots["greeter-example"] || ($protobuf.roots["greeter-example"] = {});

export const greeter = $root.greeter = (() => {

    /**
     * Namespace greeter.
     * @exports greeter
     * @namespace
     */
    const greeter = {};

    greeter.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof greeter
         * @namespace
         */
        const v1 = {};

        v1.Greeter = (function() {

            /**
             * Constructs a new Greeter service.
             * @memberof greeter.v1
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
             * @memberof greeter.v1.Greeter
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
             * Callback as used by {@link greeter.v1.Greeter#sayHello}.
             * @memberof greeter.v1.Greeter
             * @typedef SayHelloCallback
             * @type {function}
             * @param {Error|null} error Error, if any
             * @param {greeter.v1.HelloReply} [response] HelloReply
             */

            /**
             * Calls SayHello.
             * @memberof greeter.v1.Greeter
             * @typedef SayHello
             * @type {{
             *   (request: greeter.v1.IHelloRequest, callback: greeter.v1.Greeter.SayHelloCallback): void;
             *   (request: greeter.v1.IHelloRequest): Promise<greeter.v1.HelloReply>;
             *   readonly name: "SayHello";
             *   readonly path: "/greeter.v1.Greeter/SayHello";
             *   readonly requestType: "HelloRequest";
             *   readonly responseType: "HelloReply";
             *   readonly requestStream: undefined;
             *   readonly responseStream: undefined;
             * }}
             */

            /**
             * Calls SayHello.
             * @name greeter.v1.Greeter#sayHello
             * @type {greeter.v1.Greeter.SayHello}
             */
            $Object.defineProperties(Greeter.prototype.sayHello = function(request, callback) {
                return $protobuf.rpc.Service.prototype.rpcCall.call(this, Greeter.prototype.sayHello, $root.greeter.v1.HelloRequest, $root.greeter.v1.HelloReply, request, callback);
            }, {
                name: { value: "SayHello" },
                path: { value: "/greeter.v1.Greeter/SayHello" },
                requestType: { value: "HelloRequest" },
                responseType: { value: "HelloReply" },
                requestStream: { value: $undefined },
                responseStream: { value: $undefined }
            });

            /**
             * Callback as used by {@link greeter.v1.Greeter#sayHelloSlowly}.
             * @memberof greeter.v1.Greeter
             * @typedef SayHelloSlowlyCallback
             * @type {function}
             * @param {Error|null} error Error, if any
             * @param {greeter.v1.HelloReply} [response] HelloReply
             */

            /**
             * Calls SayHelloSlowly.
             * @memberof greeter.v1.Greeter
             * @typedef SayHelloSlowly
             * @type {{
             *   (request: greeter.v1.ISlowHelloRequest, callback: greeter.v1.Greeter.SayHelloSlowlyCallback): void;
             *   (request: greeter.v1.ISlowHelloRequest): Promise<greeter.v1.HelloReply>;
             *   readonly name: "SayHelloSlowly";
             *   readonly path: "/greeter.v1.Greeter/SayHelloSlowly";
             *   readonly requestType: "SlowHelloRequest";
             *   readonly responseType: "HelloReply";
             *   readonly requestStream: undefined;
             *   readonly responseStream: undefined;
             * }}
             */

            /**
             * Calls SayHelloSlowly.
             * @name greeter.v1.Greeter#sayHelloSlowly
             * @type {greeter.v1.Greeter.SayHelloSlowly}
             */
            $Object.defineProperties(Greeter.prototype.sayHelloSlowly = function(request, callback) {
                return $protobuf.rpc.Service.prototype.rpcCall.call(this, Greeter.prototype.sayHelloSlowly, $root.greeter.v1.SlowHelloRequest, $root.greeter.v1.HelloReply, request, callback);
            }, {
                name: { value: "SayHelloSlowly" },
                path: { value: "/greeter.v1.Greeter/SayHelloSlowly" },
                requestType: { value: "SlowHelloRequest" },
                responseType: { value: "HelloReply" },
                requestStream: { value: $undefined },
                responseStream: { value: $undefined }
            });

            return Greeter;
        })();

        v1.HelloRequest = (function() {

            /**
             * Properties of a HelloRequest.
             * @typedef {Object} greeter.v1.HelloRequest.$Properties
             * @property {string|null} [name] HelloRequest name
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a HelloRequest.
             * @memberof greeter.v1
             * @interface IHelloRequest
             * @augments greeter.v1.HelloRequest.$Properties
             * @deprecated Use greeter.v1.HelloRequest.$Properties instead.
             */

            /**
             * Shape of a HelloRequest.
             * @typedef {greeter.v1.HelloRequest.$Properties} greeter.v1.HelloRequest.$Shape
             */

            /**
             * Constructs a new HelloRequest.
             * @memberof greeter.v1
             * @classdesc Represents a HelloRequest.
             * @constructor
             * @param {greeter.v1.HelloRequest.$Properties=} [properties] Properties to set
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
             * @memberof greeter.v1.HelloRequest
             * @instance
             */
            HelloRequest.prototype.name = "";

            /**
             * Creates a new HelloRequest instance using the specified properties.
             * @function create
             * @memberof greeter.v1.HelloRequest
             * @static
             * @param {greeter.v1.HelloRequest.$Properties=} [properties] Properties to set
             * @returns {greeter.v1.HelloRequest} HelloRequest instance
             * @type {{
             *   (properties: greeter.v1.HelloRequest.$Shape): greeter.v1.HelloRequest & greeter.v1.HelloRequest.$Shape;
             *   (properties?: greeter.v1.HelloRequest.$Properties): greeter.v1.HelloRequest;
             * }}
             */
            HelloRequest.create = function(properties) {
                return new HelloRequest(properties);
            };

            /**
             * Encodes the specified HelloRequest message. Does not implicitly {@link greeter.v1.HelloRequest.verify|verify} messages.
             * @function encode
             * @memberof greeter.v1.HelloRequest
             * @static
             * @param {greeter.v1.HelloRequest.$Properties} message HelloRequest message or plain object to encode
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
             * Encodes the specified HelloRequest message, length delimited. Does not implicitly {@link greeter.v1.HelloRequest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof greeter.v1.HelloRequest
             * @static
             * @param {greeter.v1.HelloRequest.$Properties} message HelloRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            HelloRequest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a HelloRequest message from the specified reader or buffer.
             * @function decode
             * @memberof greeter.v1.HelloRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {greeter.v1.HelloRequest & greeter.v1.HelloRequest.$Shape} HelloRequest
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
                message = _target || new $root.greeter.v1.HelloRequest();
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
             * @memberof greeter.v1.HelloRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {greeter.v1.HelloRequest & greeter.v1.HelloRequest.$Shape} HelloRequest
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
             * @memberof greeter.v1.HelloRequest
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
             * @memberof greeter.v1.HelloRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {greeter.v1.HelloRequest} HelloRequest
             */
            HelloRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.greeter.v1.HelloRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".greeter.v1.HelloRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.greeter.v1.HelloRequest();
                if (object.name != null)
                    if (typeof object.name !== "string" || object.name.length)
                        message.name = $String(object.name);
                return message;
            };

            /**
             * Creates a plain object from a HelloRequest message. Also converts values to other types if specified.
             * @function toObject
             * @memberof greeter.v1.HelloRequest
             * @static
             * @param {greeter.v1.HelloRequest} message HelloRequest
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
             * @memberof greeter.v1.HelloRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            HelloRequest.prototype.toJSON = function() {
                return HelloRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for HelloRequest
             * @function getTypeUrl
             * @memberof greeter.v1.HelloRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            HelloRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/greeter.v1.HelloRequest";
            };

            return HelloRequest;
        })();

        v1.SlowHelloRequest = (function() {

            /**
             * Properties of a SlowHelloRequest.
             * @typedef {Object} greeter.v1.SlowHelloRequest.$Properties
             * @property {string|null} [name] SlowHelloRequest name
             * @property {number|null} [delayMs] SlowHelloRequest delayMs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SlowHelloRequest.
             * @memberof greeter.v1
             * @interface ISlowHelloRequest
             * @augments greeter.v1.SlowHelloRequest.$Properties
             * @deprecated Use greeter.v1.SlowHelloRequest.$Properties instead.
             */

            /**
             * Shape of a SlowHelloRequest.
             * @typedef {greeter.v1.SlowHelloRequest.$Properties} greeter.v1.SlowHelloRequest.$Shape
             */

            /**
             * Constructs a new SlowHelloRequest.
             * @memberof greeter.v1
             * @classdesc Represents a SlowHelloRequest.
             * @constructor
             * @param {greeter.v1.SlowHelloRequest.$Properties=} [properties] Properties to set
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
             * @memberof greeter.v1.SlowHelloRequest
             * @instance
             */
            SlowHelloRequest.prototype.name = "";

            /**
             * SlowHelloRequest delayMs.
             * @member {number} delayMs
             * @memberof greeter.v1.SlowHelloRequest
             * @instance
             */
            SlowHelloRequest.prototype.delayMs = 0;

            /**
             * Creates a new SlowHelloRequest instance using the specified properties.
             * @function create
             * @memberof greeter.v1.SlowHelloRequest
             * @static
             * @param {greeter.v1.SlowHelloRequest.$Properties=} [properties] Properties to set
             * @returns {greeter.v1.SlowHelloRequest} SlowHelloRequest instance
             * @type {{
             *   (properties: greeter.v1.SlowHelloRequest.$Shape): greeter.v1.SlowHelloRequest & greeter.v1.SlowHelloRequest.$Shape;
             *   (properties?: greeter.v1.SlowHelloRequest.$Properties): greeter.v1.SlowHelloRequest;
             * }}
             */
            SlowHelloRequest.create = function(properties) {
                return new SlowHelloRequest(properties);
            };

            /**
             * Encodes the specified SlowHelloRequest message. Does not implicitly {@link greeter.v1.SlowHelloRequest.verify|verify} messages.
             * @function encode
             * @memberof greeter.v1.SlowHelloRequest
             * @static
             * @param {greeter.v1.SlowHelloRequest.$Properties} message SlowHelloRequest message or plain object to encode
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
             * Encodes the specified SlowHelloRequest message, length delimited. Does not implicitly {@link greeter.v1.SlowHelloRequest.verify|verify} messages.
             * @function encodeDelimited
             * @memberof greeter.v1.SlowHelloRequest
             * @static
             * @param {greeter.v1.SlowHelloRequest.$Properties} message SlowHelloRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SlowHelloRequest.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a SlowHelloRequest message from the specified reader or buffer.
             * @function decode
             * @memberof greeter.v1.SlowHelloRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {greeter.v1.SlowHelloRequest & greeter.v1.SlowHelloRequest.$Shape} SlowHelloRequest
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
                message = _target || new $root.greeter.v1.SlowHelloRequest();
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
             * @memberof greeter.v1.SlowHelloRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {greeter.v1.SlowHelloRequest & greeter.v1.SlowHelloRequest.$Shape} SlowHelloRequest
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
             * @memberof greeter.v1.SlowHelloRequest
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
             * @memberof greeter.v1.SlowHelloRequest
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {greeter.v1.SlowHelloRequest} SlowHelloRequest
             */
            SlowHelloRequest.fromObject = function (object, _depth) {
                if (object instanceof $root.greeter.v1.SlowHelloRequest)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".greeter.v1.SlowHelloRequest: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.greeter.v1.SlowHelloRequest();
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
             * @memberof greeter.v1.SlowHelloRequest
             * @static
             * @param {greeter.v1.SlowHelloRequest} message SlowHelloRequest
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
             * @memberof greeter.v1.SlowHelloRequest
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            SlowHelloRequest.prototype.toJSON = function() {
                return SlowHelloRequest.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for SlowHelloRequest
             * @function getTypeUrl
             * @memberof greeter.v1.SlowHelloRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SlowHelloRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/greeter.v1.SlowHelloRequest";
            };

            return SlowHelloRequest;
        })();

        v1.HelloReply = (function() {

            /**
             * Properties of a HelloReply.
             * @typedef {Object} greeter.v1.HelloReply.$Properties
             * @property {string|null} [message] HelloReply message
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a HelloReply.
             * @memberof greeter.v1
             * @interface IHelloReply
             * @augments greeter.v1.HelloReply.$Properties
             * @deprecated Use greeter.v1.HelloReply.$Properties instead.
             */

            /**
             * Shape of a HelloReply.
             * @typedef {greeter.v1.HelloReply.$Properties} greeter.v1.HelloReply.$Shape
             */

            /**
             * Constructs a new HelloReply.
             * @memberof greeter.v1
             * @classdesc Represents a HelloReply.
             * @constructor
             * @param {greeter.v1.HelloReply.$Properties=} [properties] Properties to set
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
             * @memberof greeter.v1.HelloReply
             * @instance
             */
            HelloReply.prototype.message = "";

            /**
             * Creates a new HelloReply instance using the specified properties.
             * @function create
             * @memberof greeter.v1.HelloReply
             * @static
             * @param {greeter.v1.HelloReply.$Properties=} [properties] Properties to set
             * @returns {greeter.v1.HelloReply} HelloReply instance
             * @type {{
             *   (properties: greeter.v1.HelloReply.$Shape): greeter.v1.HelloReply & greeter.v1.HelloReply.$Shape;
             *   (properties?: greeter.v1.HelloReply.$Properties): greeter.v1.HelloReply;
             * }}
             */
            HelloReply.create = function(properties) {
                return new HelloReply(properties);
            };

            /**
             * Encodes the specified HelloReply message. Does not implicitly {@link greeter.v1.HelloReply.verify|verify} messages.
             * @function encode
             * @memberof greeter.v1.HelloReply
             * @static
             * @param {greeter.v1.HelloReply.$Properties} message HelloReply message or plain object to encode
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
             * Encodes the specified HelloReply message, length delimited. Does not implicitly {@link greeter.v1.HelloReply.verify|verify} messages.
             * @function encodeDelimited
             * @memberof greeter.v1.HelloReply
             * @static
             * @param {greeter.v1.HelloReply.$Properties} message HelloReply message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            HelloReply.encodeDelimited = function(message, writer) {
                return this.encode(message, (writer || $Writer.create()).fork()).ldelim();
            };

            /**
             * Decodes a HelloReply message from the specified reader or buffer.
             * @function decode
             * @memberof greeter.v1.HelloReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {greeter.v1.HelloReply & greeter.v1.HelloReply.$Shape} HelloReply
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
                message = _target || new $root.greeter.v1.HelloReply();
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
             * @memberof greeter.v1.HelloReply
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @returns {greeter.v1.HelloReply & greeter.v1.HelloReply.$Shape} HelloReply
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
             * @memberof greeter.v1.HelloReply
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
             * @memberof greeter.v1.HelloReply
             * @static
             * @param {Object.<string,*>} object Plain object
             * @returns {greeter.v1.HelloReply} HelloReply
             */
            HelloReply.fromObject = function (object, _depth) {
                if (object instanceof $root.greeter.v1.HelloReply)
                    return object;
                if (!$util.isObject(object))
                    throw $TypeError(".greeter.v1.HelloReply: object expected");
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                let message = new $root.greeter.v1.HelloReply();
                if (object.message != null)
                    if (typeof object.message !== "string" || object.message.length)
                        message.message = $String(object.message);
                return message;
            };

            /**
             * Creates a plain object from a HelloReply message. Also converts values to other types if specified.
             * @function toObject
             * @memberof greeter.v1.HelloReply
             * @static
             * @param {greeter.v1.HelloReply} message HelloReply
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
             * @memberof greeter.v1.HelloReply
             * @instance
             * @returns {Object.<string,*>} JSON object
             */
            HelloReply.prototype.toJSON = function() {
                return HelloReply.toObject(this, $protobuf.util.toJSONOptions);
            };

            /**
             * Gets the type url for HelloReply
             * @function getTypeUrl
             * @memberof greeter.v1.HelloReply
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            HelloReply.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/greeter.v1.HelloReply";
            };

            return HelloReply;
        })();

        return v1;
    })();

    return greeter;
})();

export {
  $root as default
};
