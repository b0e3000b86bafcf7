/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["yrpc-protocol"] || ($protobuf.roots["yrpc-protocol"] = {});

export const yrpc = $root.yrpc = (() => {

    /**
     * Namespace yrpc.
     * @exports yrpc
     * @namespace
     */
    const yrpc = {};

    yrpc.protocol = (function() {

        /**
         * Namespace protocol.
         * @memberof yrpc
         * @namespace
         */
        const protocol = {};

        protocol.v1 = (function() {

            /**
             * Namespace v1.
             * @memberof yrpc.protocol
             * @namespace
             */
            const v1 = {};

            v1.MetadataEntry = (function() {

                /**
                 * Properties of a MetadataEntry.
                 * @typedef {Object} yrpc.protocol.v1.MetadataEntry.$Properties
                 * @property {string|null} [key] MetadataEntry key
                 * @property {string|null} [value] MetadataEntry value
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a MetadataEntry.
                 * @memberof yrpc.protocol.v1
                 * @interface IMetadataEntry
                 * @augments yrpc.protocol.v1.MetadataEntry.$Properties
                 * @deprecated Use yrpc.protocol.v1.MetadataEntry.$Properties instead.
                 */

                /**
                 * Shape of a MetadataEntry.
                 * @typedef {yrpc.protocol.v1.MetadataEntry.$Properties} yrpc.protocol.v1.MetadataEntry.$Shape
                 */

                /**
                 * Constructs a new MetadataEntry.
                 * @memberof yrpc.protocol.v1
                 * @classdesc Represents a MetadataEntry.
                 * @constructor
                 * @param {yrpc.protocol.v1.MetadataEntry.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const MetadataEntry = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * MetadataEntry key.
                 * @member {string} key
                 * @memberof yrpc.protocol.v1.MetadataEntry
                 * @instance
                 */
                MetadataEntry.prototype.key = "";

                /**
                 * MetadataEntry value.
                 * @member {string} value
                 * @memberof yrpc.protocol.v1.MetadataEntry
                 * @instance
                 */
                MetadataEntry.prototype.value = "";

                /**
                 * Creates a new MetadataEntry instance using the specified properties.
                 * @function create
                 * @memberof yrpc.protocol.v1.MetadataEntry
                 * @static
                 * @param {yrpc.protocol.v1.MetadataEntry.$Properties=} [properties] Properties to set
                 * @returns {yrpc.protocol.v1.MetadataEntry} MetadataEntry instance
                 * @type {{
                 *   (properties: yrpc.protocol.v1.MetadataEntry.$Shape): yrpc.protocol.v1.MetadataEntry & yrpc.protocol.v1.MetadataEntry.$Shape;
                 *   (properties?: yrpc.protocol.v1.MetadataEntry.$Properties): yrpc.protocol.v1.MetadataEntry;
                 * }}
                 */
                MetadataEntry.create = function(properties) {
                    return new MetadataEntry(properties);
                };

                /**
                 * Encodes the specified MetadataEntry message. Does not implicitly {@link yrpc.protocol.v1.MetadataEntry.verify|verify} messages.
                 * @function encode
                 * @memberof yrpc.protocol.v1.MetadataEntry
                 * @static
                 * @param {yrpc.protocol.v1.MetadataEntry.$Properties} message MetadataEntry message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                MetadataEntry.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.key);
                    if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.value);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a MetadataEntry message from the specified reader or buffer.
                 * @function decode
                 * @memberof yrpc.protocol.v1.MetadataEntry
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.MetadataEntry & yrpc.protocol.v1.MetadataEntry.$Shape} MetadataEntry
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                MetadataEntry.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.yrpc.protocol.v1.MetadataEntry();
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
                                    message.key = value;
                                else
                                    delete message.key;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.value = value;
                                else
                                    delete message.value;
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

                return MetadataEntry;
            })();

            v1.RequestMeta = (function() {

                /**
                 * Properties of a RequestMeta.
                 * @typedef {Object} yrpc.protocol.v1.RequestMeta.$Properties
                 * @property {string|null} [method] RequestMeta method
                 * @property {number|null} [timeoutMs] RequestMeta timeoutMs
                 * @property {Uint8Array|null} [idempotencyKey] RequestMeta idempotencyKey
                 * @property {Array.<yrpc.protocol.v1.MetadataEntry.$Properties>|null} [metadata] RequestMeta metadata
                 * @property {string|null} [traceparent] RequestMeta traceparent
                 * @property {string|null} [tracestate] RequestMeta tracestate
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a RequestMeta.
                 * @memberof yrpc.protocol.v1
                 * @interface IRequestMeta
                 * @augments yrpc.protocol.v1.RequestMeta.$Properties
                 * @deprecated Use yrpc.protocol.v1.RequestMeta.$Properties instead.
                 */

                /**
                 * Shape of a RequestMeta.
                 * @typedef {yrpc.protocol.v1.RequestMeta.$Properties} yrpc.protocol.v1.RequestMeta.$Shape
                 */

                /**
                 * Constructs a new RequestMeta.
                 * @memberof yrpc.protocol.v1
                 * @classdesc Represents a RequestMeta.
                 * @constructor
                 * @param {yrpc.protocol.v1.RequestMeta.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const RequestMeta = function (properties) {
                    this.metadata = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * RequestMeta method.
                 * @member {string} method
                 * @memberof yrpc.protocol.v1.RequestMeta
                 * @instance
                 */
                RequestMeta.prototype.method = "";

                /**
                 * RequestMeta timeoutMs.
                 * @member {number} timeoutMs
                 * @memberof yrpc.protocol.v1.RequestMeta
                 * @instance
                 */
                RequestMeta.prototype.timeoutMs = 0;

                /**
                 * RequestMeta idempotencyKey.
                 * @member {Uint8Array} idempotencyKey
                 * @memberof yrpc.protocol.v1.RequestMeta
                 * @instance
                 */
                RequestMeta.prototype.idempotencyKey = $util.newBuffer([]);

                /**
                 * RequestMeta metadata.
                 * @member {Array.<yrpc.protocol.v1.MetadataEntry.$Properties>} metadata
                 * @memberof yrpc.protocol.v1.RequestMeta
                 * @instance
                 */
                RequestMeta.prototype.metadata = $util.emptyArray;

                /**
                 * RequestMeta traceparent.
                 * @member {string} traceparent
                 * @memberof yrpc.protocol.v1.RequestMeta
                 * @instance
                 */
                RequestMeta.prototype.traceparent = "";

                /**
                 * RequestMeta tracestate.
                 * @member {string} tracestate
                 * @memberof yrpc.protocol.v1.RequestMeta
                 * @instance
                 */
                RequestMeta.prototype.tracestate = "";

                /**
                 * Creates a new RequestMeta instance using the specified properties.
                 * @function create
                 * @memberof yrpc.protocol.v1.RequestMeta
                 * @static
                 * @param {yrpc.protocol.v1.RequestMeta.$Properties=} [properties] Properties to set
                 * @returns {yrpc.protocol.v1.RequestMeta} RequestMeta instance
                 * @type {{
                 *   (properties: yrpc.protocol.v1.RequestMeta.$Shape): yrpc.protocol.v1.RequestMeta & yrpc.protocol.v1.RequestMeta.$Shape;
                 *   (properties?: yrpc.protocol.v1.RequestMeta.$Properties): yrpc.protocol.v1.RequestMeta;
                 * }}
                 */
                RequestMeta.create = function(properties) {
                    return new RequestMeta(properties);
                };

                /**
                 * Encodes the specified RequestMeta message. Does not implicitly {@link yrpc.protocol.v1.RequestMeta.verify|verify} messages.
                 * @function encode
                 * @memberof yrpc.protocol.v1.RequestMeta
                 * @static
                 * @param {yrpc.protocol.v1.RequestMeta.$Properties} message RequestMeta message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                RequestMeta.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.method != null && $Object.hasOwnProperty.call(message, "method") && message.method !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.method);
                    if (message.timeoutMs != null && $Object.hasOwnProperty.call(message, "timeoutMs") && message.timeoutMs !== 0)
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.timeoutMs);
                    if (message.idempotencyKey != null && $Object.hasOwnProperty.call(message, "idempotencyKey") && message.idempotencyKey.length)
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.idempotencyKey);
                    if (message.metadata != null && message.metadata.length)
                        for (let i = 0; i < message.metadata.length; ++i)
                            $root.yrpc.protocol.v1.MetadataEntry.encode(message.metadata[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                    if (message.traceparent != null && $Object.hasOwnProperty.call(message, "traceparent") && message.traceparent !== "")
                        writer.uint32(/* id 5, wireType 2 =*/42).string(message.traceparent);
                    if (message.tracestate != null && $Object.hasOwnProperty.call(message, "tracestate") && message.tracestate !== "")
                        writer.uint32(/* id 6, wireType 2 =*/50).string(message.tracestate);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a RequestMeta message from the specified reader or buffer.
                 * @function decode
                 * @memberof yrpc.protocol.v1.RequestMeta
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.RequestMeta & yrpc.protocol.v1.RequestMeta.$Shape} RequestMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                RequestMeta.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.yrpc.protocol.v1.RequestMeta();
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
                                    message.method = value;
                                else
                                    delete message.method;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.timeoutMs = value;
                                else
                                    delete message.timeoutMs;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.idempotencyKey = value;
                                else
                                    delete message.idempotencyKey;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.metadata && message.metadata.length))
                                    message.metadata = [];
                                message.metadata.push($root.yrpc.protocol.v1.MetadataEntry.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        case 5: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.traceparent = value;
                                else
                                    delete message.traceparent;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.tracestate = value;
                                else
                                    delete message.tracestate;
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

                return RequestMeta;
            })();

            v1.ResponseMeta = (function() {

                /**
                 * Properties of a ResponseMeta.
                 * @typedef {Object} yrpc.protocol.v1.ResponseMeta.$Properties
                 * @property {Array.<yrpc.protocol.v1.MetadataEntry.$Properties>|null} [metadata] ResponseMeta metadata
                 * @property {Array.<yrpc.protocol.v1.MetadataEntry.$Properties>|null} [trailers] ResponseMeta trailers
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a ResponseMeta.
                 * @memberof yrpc.protocol.v1
                 * @interface IResponseMeta
                 * @augments yrpc.protocol.v1.ResponseMeta.$Properties
                 * @deprecated Use yrpc.protocol.v1.ResponseMeta.$Properties instead.
                 */

                /**
                 * Shape of a ResponseMeta.
                 * @typedef {yrpc.protocol.v1.ResponseMeta.$Properties} yrpc.protocol.v1.ResponseMeta.$Shape
                 */

                /**
                 * Constructs a new ResponseMeta.
                 * @memberof yrpc.protocol.v1
                 * @classdesc Represents a ResponseMeta.
                 * @constructor
                 * @param {yrpc.protocol.v1.ResponseMeta.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const ResponseMeta = function (properties) {
                    this.metadata = [];
                    this.trailers = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * ResponseMeta metadata.
                 * @member {Array.<yrpc.protocol.v1.MetadataEntry.$Properties>} metadata
                 * @memberof yrpc.protocol.v1.ResponseMeta
                 * @instance
                 */
                ResponseMeta.prototype.metadata = $util.emptyArray;

                /**
                 * ResponseMeta trailers.
                 * @member {Array.<yrpc.protocol.v1.MetadataEntry.$Properties>} trailers
                 * @memberof yrpc.protocol.v1.ResponseMeta
                 * @instance
                 */
                ResponseMeta.prototype.trailers = $util.emptyArray;

                /**
                 * Creates a new ResponseMeta instance using the specified properties.
                 * @function create
                 * @memberof yrpc.protocol.v1.ResponseMeta
                 * @static
                 * @param {yrpc.protocol.v1.ResponseMeta.$Properties=} [properties] Properties to set
                 * @returns {yrpc.protocol.v1.ResponseMeta} ResponseMeta instance
                 * @type {{
                 *   (properties: yrpc.protocol.v1.ResponseMeta.$Shape): yrpc.protocol.v1.ResponseMeta & yrpc.protocol.v1.ResponseMeta.$Shape;
                 *   (properties?: yrpc.protocol.v1.ResponseMeta.$Properties): yrpc.protocol.v1.ResponseMeta;
                 * }}
                 */
                ResponseMeta.create = function(properties) {
                    return new ResponseMeta(properties);
                };

                /**
                 * Encodes the specified ResponseMeta message. Does not implicitly {@link yrpc.protocol.v1.ResponseMeta.verify|verify} messages.
                 * @function encode
                 * @memberof yrpc.protocol.v1.ResponseMeta
                 * @static
                 * @param {yrpc.protocol.v1.ResponseMeta.$Properties} message ResponseMeta message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                ResponseMeta.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.metadata != null && message.metadata.length)
                        for (let i = 0; i < message.metadata.length; ++i)
                            $root.yrpc.protocol.v1.MetadataEntry.encode(message.metadata[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                    if (message.trailers != null && message.trailers.length)
                        for (let i = 0; i < message.trailers.length; ++i)
                            $root.yrpc.protocol.v1.MetadataEntry.encode(message.trailers[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a ResponseMeta message from the specified reader or buffer.
                 * @function decode
                 * @memberof yrpc.protocol.v1.ResponseMeta
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.ResponseMeta & yrpc.protocol.v1.ResponseMeta.$Shape} ResponseMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                ResponseMeta.decode = function (reader, length, _end, _depth, _target) {
                    if (!(reader instanceof $Reader))
                        reader = $Reader.create(reader);
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $Reader.recursionLimit)
                        throw $Error("max depth exceeded");
                    let end, message;
                    if (length === $undefined)
                        end = reader.len;
                    else {
                        end = reader.pos + length;
                        if (end > reader.len)
                            throw $RangeError("index out of range");
                        length = reader.len;
                        reader.len = end;
                    }
                    message = _target || new $root.yrpc.protocol.v1.ResponseMeta();
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
                                if (!(message.metadata && message.metadata.length))
                                    message.metadata = [];
                                message.metadata.push($root.yrpc.protocol.v1.MetadataEntry.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.trailers && message.trailers.length))
                                    message.trailers = [];
                                message.trailers.push($root.yrpc.protocol.v1.MetadataEntry.decode(reader, reader.size(), $undefined, _depth + 1));
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

                return ResponseMeta;
            })();

            v1.StatusDetail = (function() {

                /**
                 * Properties of a StatusDetail.
                 * @typedef {Object} yrpc.protocol.v1.StatusDetail.$Properties
                 * @property {string|null} [typeUrl] StatusDetail typeUrl
                 * @property {Uint8Array|null} [value] StatusDetail value
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a StatusDetail.
                 * @memberof yrpc.protocol.v1
                 * @interface IStatusDetail
                 * @augments yrpc.protocol.v1.StatusDetail.$Properties
                 * @deprecated Use yrpc.protocol.v1.StatusDetail.$Properties instead.
                 */

                /**
                 * Shape of a StatusDetail.
                 * @typedef {yrpc.protocol.v1.StatusDetail.$Properties} yrpc.protocol.v1.StatusDetail.$Shape
                 */

                /**
                 * Constructs a new StatusDetail.
                 * @memberof yrpc.protocol.v1
                 * @classdesc Represents a StatusDetail.
                 * @constructor
                 * @param {yrpc.protocol.v1.StatusDetail.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const StatusDetail = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * StatusDetail typeUrl.
                 * @member {string} typeUrl
                 * @memberof yrpc.protocol.v1.StatusDetail
                 * @instance
                 */
                StatusDetail.prototype.typeUrl = "";

                /**
                 * StatusDetail value.
                 * @member {Uint8Array} value
                 * @memberof yrpc.protocol.v1.StatusDetail
                 * @instance
                 */
                StatusDetail.prototype.value = $util.newBuffer([]);

                /**
                 * Creates a new StatusDetail instance using the specified properties.
                 * @function create
                 * @memberof yrpc.protocol.v1.StatusDetail
                 * @static
                 * @param {yrpc.protocol.v1.StatusDetail.$Properties=} [properties] Properties to set
                 * @returns {yrpc.protocol.v1.StatusDetail} StatusDetail instance
                 * @type {{
                 *   (properties: yrpc.protocol.v1.StatusDetail.$Shape): yrpc.protocol.v1.StatusDetail & yrpc.protocol.v1.StatusDetail.$Shape;
                 *   (properties?: yrpc.protocol.v1.StatusDetail.$Properties): yrpc.protocol.v1.StatusDetail;
                 * }}
                 */
                StatusDetail.create = function(properties) {
                    return new StatusDetail(properties);
                };

                /**
                 * Encodes the specified StatusDetail message. Does not implicitly {@link yrpc.protocol.v1.StatusDetail.verify|verify} messages.
                 * @function encode
                 * @memberof yrpc.protocol.v1.StatusDetail
                 * @static
                 * @param {yrpc.protocol.v1.StatusDetail.$Properties} message StatusDetail message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                StatusDetail.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.typeUrl != null && $Object.hasOwnProperty.call(message, "typeUrl") && message.typeUrl !== "")
                        writer.uint32(/* id 1, wireType 2 =*/10).string(message.typeUrl);
                    if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value.length)
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.value);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a StatusDetail message from the specified reader or buffer.
                 * @function decode
                 * @memberof yrpc.protocol.v1.StatusDetail
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.StatusDetail & yrpc.protocol.v1.StatusDetail.$Shape} StatusDetail
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                StatusDetail.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.yrpc.protocol.v1.StatusDetail();
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
                                    message.typeUrl = value;
                                else
                                    delete message.typeUrl;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.bytes()).length)
                                    message.value = value;
                                else
                                    delete message.value;
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

                return StatusDetail;
            })();

            v1.StatusMeta = (function() {

                /**
                 * Properties of a StatusMeta.
                 * @typedef {Object} yrpc.protocol.v1.StatusMeta.$Properties
                 * @property {number|null} [code] StatusMeta code
                 * @property {string|null} [message] StatusMeta message
                 * @property {Array.<yrpc.protocol.v1.StatusDetail.$Properties>|null} [details] StatusMeta details
                 * @property {Array.<yrpc.protocol.v1.MetadataEntry.$Properties>|null} [trailers] StatusMeta trailers
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a StatusMeta.
                 * @memberof yrpc.protocol.v1
                 * @interface IStatusMeta
                 * @augments yrpc.protocol.v1.StatusMeta.$Properties
                 * @deprecated Use yrpc.protocol.v1.StatusMeta.$Properties instead.
                 */

                /**
                 * Shape of a StatusMeta.
                 * @typedef {yrpc.protocol.v1.StatusMeta.$Properties} yrpc.protocol.v1.StatusMeta.$Shape
                 */

                /**
                 * Constructs a new StatusMeta.
                 * @memberof yrpc.protocol.v1
                 * @classdesc Represents a StatusMeta.
                 * @constructor
                 * @param {yrpc.protocol.v1.StatusMeta.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const StatusMeta = function (properties) {
                    this.details = [];
                    this.trailers = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * StatusMeta code.
                 * @member {number} code
                 * @memberof yrpc.protocol.v1.StatusMeta
                 * @instance
                 */
                StatusMeta.prototype.code = 0;

                /**
                 * StatusMeta message.
                 * @member {string} message
                 * @memberof yrpc.protocol.v1.StatusMeta
                 * @instance
                 */
                StatusMeta.prototype.message = "";

                /**
                 * StatusMeta details.
                 * @member {Array.<yrpc.protocol.v1.StatusDetail.$Properties>} details
                 * @memberof yrpc.protocol.v1.StatusMeta
                 * @instance
                 */
                StatusMeta.prototype.details = $util.emptyArray;

                /**
                 * StatusMeta trailers.
                 * @member {Array.<yrpc.protocol.v1.MetadataEntry.$Properties>} trailers
                 * @memberof yrpc.protocol.v1.StatusMeta
                 * @instance
                 */
                StatusMeta.prototype.trailers = $util.emptyArray;

                /**
                 * Creates a new StatusMeta instance using the specified properties.
                 * @function create
                 * @memberof yrpc.protocol.v1.StatusMeta
                 * @static
                 * @param {yrpc.protocol.v1.StatusMeta.$Properties=} [properties] Properties to set
                 * @returns {yrpc.protocol.v1.StatusMeta} StatusMeta instance
                 * @type {{
                 *   (properties: yrpc.protocol.v1.StatusMeta.$Shape): yrpc.protocol.v1.StatusMeta & yrpc.protocol.v1.StatusMeta.$Shape;
                 *   (properties?: yrpc.protocol.v1.StatusMeta.$Properties): yrpc.protocol.v1.StatusMeta;
                 * }}
                 */
                StatusMeta.create = function(properties) {
                    return new StatusMeta(properties);
                };

                /**
                 * Encodes the specified StatusMeta message. Does not implicitly {@link yrpc.protocol.v1.StatusMeta.verify|verify} messages.
                 * @function encode
                 * @memberof yrpc.protocol.v1.StatusMeta
                 * @static
                 * @param {yrpc.protocol.v1.StatusMeta.$Properties} message StatusMeta message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                StatusMeta.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.code);
                    if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                    if (message.details != null && message.details.length)
                        for (let i = 0; i < message.details.length; ++i)
                            $root.yrpc.protocol.v1.StatusDetail.encode(message.details[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                    if (message.trailers != null && message.trailers.length)
                        for (let i = 0; i < message.trailers.length; ++i)
                            $root.yrpc.protocol.v1.MetadataEntry.encode(message.trailers[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a StatusMeta message from the specified reader or buffer.
                 * @function decode
                 * @memberof yrpc.protocol.v1.StatusMeta
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.StatusMeta & yrpc.protocol.v1.StatusMeta.$Shape} StatusMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                StatusMeta.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.yrpc.protocol.v1.StatusMeta();
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
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.code = value;
                                else
                                    delete message.code;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.message = value;
                                else
                                    delete message.message;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.details && message.details.length))
                                    message.details = [];
                                message.details.push($root.yrpc.protocol.v1.StatusDetail.decode(reader, reader.size(), $undefined, _depth + 1));
                                continue;
                            }
                        case 4: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.trailers && message.trailers.length))
                                    message.trailers = [];
                                message.trailers.push($root.yrpc.protocol.v1.MetadataEntry.decode(reader, reader.size(), $undefined, _depth + 1));
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

                return StatusMeta;
            })();

            v1.HandshakeMeta = (function() {

                /**
                 * Properties of a HandshakeMeta.
                 * @typedef {Object} yrpc.protocol.v1.HandshakeMeta.$Properties
                 * @property {number|null} [version] HandshakeMeta version
                 * @property {number|null} [maxFrameSize] HandshakeMeta maxFrameSize
                 * @property {number|null} [maxMetaSize] HandshakeMeta maxMetaSize
                 * @property {number|null} [maxConcurrentCalls] HandshakeMeta maxConcurrentCalls
                 * @property {number|null} [heartbeatIntervalMs] HandshakeMeta heartbeatIntervalMs
                 * @property {string|null} [agent] HandshakeMeta agent
                 * @property {number|null} [connectionWindow] HandshakeMeta connectionWindow
                 * @property {number|null} [streamWindow] HandshakeMeta streamWindow
                 * @property {Array.<string>|null} [acceptEncoding] HandshakeMeta acceptEncoding
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a HandshakeMeta.
                 * @memberof yrpc.protocol.v1
                 * @interface IHandshakeMeta
                 * @augments yrpc.protocol.v1.HandshakeMeta.$Properties
                 * @deprecated Use yrpc.protocol.v1.HandshakeMeta.$Properties instead.
                 */

                /**
                 * Shape of a HandshakeMeta.
                 * @typedef {yrpc.protocol.v1.HandshakeMeta.$Properties} yrpc.protocol.v1.HandshakeMeta.$Shape
                 */

                /**
                 * Constructs a new HandshakeMeta.
                 * @memberof yrpc.protocol.v1
                 * @classdesc Represents a HandshakeMeta.
                 * @constructor
                 * @param {yrpc.protocol.v1.HandshakeMeta.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const HandshakeMeta = function (properties) {
                    this.acceptEncoding = [];
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * HandshakeMeta version.
                 * @member {number} version
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @instance
                 */
                HandshakeMeta.prototype.version = 0;

                /**
                 * HandshakeMeta maxFrameSize.
                 * @member {number} maxFrameSize
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @instance
                 */
                HandshakeMeta.prototype.maxFrameSize = 0;

                /**
                 * HandshakeMeta maxMetaSize.
                 * @member {number} maxMetaSize
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @instance
                 */
                HandshakeMeta.prototype.maxMetaSize = 0;

                /**
                 * HandshakeMeta maxConcurrentCalls.
                 * @member {number} maxConcurrentCalls
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @instance
                 */
                HandshakeMeta.prototype.maxConcurrentCalls = 0;

                /**
                 * HandshakeMeta heartbeatIntervalMs.
                 * @member {number} heartbeatIntervalMs
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @instance
                 */
                HandshakeMeta.prototype.heartbeatIntervalMs = 0;

                /**
                 * HandshakeMeta agent.
                 * @member {string} agent
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @instance
                 */
                HandshakeMeta.prototype.agent = "";

                /**
                 * HandshakeMeta connectionWindow.
                 * @member {number} connectionWindow
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @instance
                 */
                HandshakeMeta.prototype.connectionWindow = 0;

                /**
                 * HandshakeMeta streamWindow.
                 * @member {number} streamWindow
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @instance
                 */
                HandshakeMeta.prototype.streamWindow = 0;

                /**
                 * HandshakeMeta acceptEncoding.
                 * @member {Array.<string>} acceptEncoding
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @instance
                 */
                HandshakeMeta.prototype.acceptEncoding = $util.emptyArray;

                /**
                 * Creates a new HandshakeMeta instance using the specified properties.
                 * @function create
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @static
                 * @param {yrpc.protocol.v1.HandshakeMeta.$Properties=} [properties] Properties to set
                 * @returns {yrpc.protocol.v1.HandshakeMeta} HandshakeMeta instance
                 * @type {{
                 *   (properties: yrpc.protocol.v1.HandshakeMeta.$Shape): yrpc.protocol.v1.HandshakeMeta & yrpc.protocol.v1.HandshakeMeta.$Shape;
                 *   (properties?: yrpc.protocol.v1.HandshakeMeta.$Properties): yrpc.protocol.v1.HandshakeMeta;
                 * }}
                 */
                HandshakeMeta.create = function(properties) {
                    return new HandshakeMeta(properties);
                };

                /**
                 * Encodes the specified HandshakeMeta message. Does not implicitly {@link yrpc.protocol.v1.HandshakeMeta.verify|verify} messages.
                 * @function encode
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @static
                 * @param {yrpc.protocol.v1.HandshakeMeta.$Properties} message HandshakeMeta message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                HandshakeMeta.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                    if (message.maxFrameSize != null && $Object.hasOwnProperty.call(message, "maxFrameSize") && message.maxFrameSize !== 0)
                        writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.maxFrameSize);
                    if (message.maxMetaSize != null && $Object.hasOwnProperty.call(message, "maxMetaSize") && message.maxMetaSize !== 0)
                        writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.maxMetaSize);
                    if (message.maxConcurrentCalls != null && $Object.hasOwnProperty.call(message, "maxConcurrentCalls") && message.maxConcurrentCalls !== 0)
                        writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.maxConcurrentCalls);
                    if (message.heartbeatIntervalMs != null && $Object.hasOwnProperty.call(message, "heartbeatIntervalMs") && message.heartbeatIntervalMs !== 0)
                        writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.heartbeatIntervalMs);
                    if (message.agent != null && $Object.hasOwnProperty.call(message, "agent") && message.agent !== "")
                        writer.uint32(/* id 6, wireType 2 =*/50).string(message.agent);
                    if (message.connectionWindow != null && $Object.hasOwnProperty.call(message, "connectionWindow") && message.connectionWindow !== 0)
                        writer.uint32(/* id 7, wireType 0 =*/56).uint32(message.connectionWindow);
                    if (message.streamWindow != null && $Object.hasOwnProperty.call(message, "streamWindow") && message.streamWindow !== 0)
                        writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.streamWindow);
                    if (message.acceptEncoding != null && message.acceptEncoding.length)
                        for (let i = 0; i < message.acceptEncoding.length; ++i)
                            writer.uint32(/* id 9, wireType 2 =*/74).string(message.acceptEncoding[i]);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a HandshakeMeta message from the specified reader or buffer.
                 * @function decode
                 * @memberof yrpc.protocol.v1.HandshakeMeta
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.HandshakeMeta & yrpc.protocol.v1.HandshakeMeta.$Shape} HandshakeMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                HandshakeMeta.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.yrpc.protocol.v1.HandshakeMeta();
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
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.version = value;
                                else
                                    delete message.version;
                                continue;
                            }
                        case 2: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.maxFrameSize = value;
                                else
                                    delete message.maxFrameSize;
                                continue;
                            }
                        case 3: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.maxMetaSize = value;
                                else
                                    delete message.maxMetaSize;
                                continue;
                            }
                        case 4: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.maxConcurrentCalls = value;
                                else
                                    delete message.maxConcurrentCalls;
                                continue;
                            }
                        case 5: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.heartbeatIntervalMs = value;
                                else
                                    delete message.heartbeatIntervalMs;
                                continue;
                            }
                        case 6: {
                                if (wireType !== 2)
                                    break;
                                if ((value = reader.stringVerify()).length)
                                    message.agent = value;
                                else
                                    delete message.agent;
                                continue;
                            }
                        case 7: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.connectionWindow = value;
                                else
                                    delete message.connectionWindow;
                                continue;
                            }
                        case 8: {
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.streamWindow = value;
                                else
                                    delete message.streamWindow;
                                continue;
                            }
                        case 9: {
                                if (wireType !== 2)
                                    break;
                                if (!(message.acceptEncoding && message.acceptEncoding.length))
                                    message.acceptEncoding = [];
                                message.acceptEncoding.push(reader.stringVerify());
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

                return HandshakeMeta;
            })();

            v1.GoAwayMeta = (function() {

                /**
                 * Properties of a GoAwayMeta.
                 * @typedef {Object} yrpc.protocol.v1.GoAwayMeta.$Properties
                 * @property {number|null} [code] GoAwayMeta code
                 * @property {string|null} [message] GoAwayMeta message
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */

                /**
                 * Properties of a GoAwayMeta.
                 * @memberof yrpc.protocol.v1
                 * @interface IGoAwayMeta
                 * @augments yrpc.protocol.v1.GoAwayMeta.$Properties
                 * @deprecated Use yrpc.protocol.v1.GoAwayMeta.$Properties instead.
                 */

                /**
                 * Shape of a GoAwayMeta.
                 * @typedef {yrpc.protocol.v1.GoAwayMeta.$Properties} yrpc.protocol.v1.GoAwayMeta.$Shape
                 */

                /**
                 * Constructs a new GoAwayMeta.
                 * @memberof yrpc.protocol.v1
                 * @classdesc Represents a GoAwayMeta.
                 * @constructor
                 * @param {yrpc.protocol.v1.GoAwayMeta.$Properties=} [properties] Properties to set
                 * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
                 */
                const GoAwayMeta = function (properties) {
                    if (properties)
                        for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                            if (properties[keys[i]] != null && keys[i] !== "__proto__")
                                this[keys[i]] = properties[keys[i]];
                };

                /**
                 * GoAwayMeta code.
                 * @member {number} code
                 * @memberof yrpc.protocol.v1.GoAwayMeta
                 * @instance
                 */
                GoAwayMeta.prototype.code = 0;

                /**
                 * GoAwayMeta message.
                 * @member {string} message
                 * @memberof yrpc.protocol.v1.GoAwayMeta
                 * @instance
                 */
                GoAwayMeta.prototype.message = "";

                /**
                 * Creates a new GoAwayMeta instance using the specified properties.
                 * @function create
                 * @memberof yrpc.protocol.v1.GoAwayMeta
                 * @static
                 * @param {yrpc.protocol.v1.GoAwayMeta.$Properties=} [properties] Properties to set
                 * @returns {yrpc.protocol.v1.GoAwayMeta} GoAwayMeta instance
                 * @type {{
                 *   (properties: yrpc.protocol.v1.GoAwayMeta.$Shape): yrpc.protocol.v1.GoAwayMeta & yrpc.protocol.v1.GoAwayMeta.$Shape;
                 *   (properties?: yrpc.protocol.v1.GoAwayMeta.$Properties): yrpc.protocol.v1.GoAwayMeta;
                 * }}
                 */
                GoAwayMeta.create = function(properties) {
                    return new GoAwayMeta(properties);
                };

                /**
                 * Encodes the specified GoAwayMeta message. Does not implicitly {@link yrpc.protocol.v1.GoAwayMeta.verify|verify} messages.
                 * @function encode
                 * @memberof yrpc.protocol.v1.GoAwayMeta
                 * @static
                 * @param {yrpc.protocol.v1.GoAwayMeta.$Properties} message GoAwayMeta message or plain object to encode
                 * @param {$protobuf.Writer} [writer] Writer to encode to
                 * @returns {$protobuf.Writer} Writer
                 */
                GoAwayMeta.encode = function (message, writer, _depth) {
                    if (!writer)
                        writer = $Writer.create();
                    if (_depth === $undefined)
                        _depth = 0;
                    if (_depth > $util.recursionLimit)
                        throw $Error("max depth exceeded");
                    if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== 0)
                        writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.code);
                    if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                    if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                        for (let i = 0; i < message.$unknowns.length; ++i)
                            writer.raw(message.$unknowns[i]);
                    return writer;
                };

                /**
                 * Decodes a GoAwayMeta message from the specified reader or buffer.
                 * @function decode
                 * @memberof yrpc.protocol.v1.GoAwayMeta
                 * @static
                 * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
                 * @param {number} [length] Message length if known beforehand
                 * @returns {yrpc.protocol.v1.GoAwayMeta & yrpc.protocol.v1.GoAwayMeta.$Shape} GoAwayMeta
                 * @throws {Error} If the payload is not a reader or valid buffer
                 * @throws {$protobuf.util.ProtocolError} If required fields are missing
                 */
                GoAwayMeta.decode = function (reader, length, _end, _depth, _target) {
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
                    message = _target || new $root.yrpc.protocol.v1.GoAwayMeta();
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
                                if (wireType !== 0)
                                    break;
                                if (value = reader.uint32())
                                    message.code = value;
                                else
                                    delete message.code;
                                continue;
                            }
                        case 2: {
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

                return GoAwayMeta;
            })();

            return v1;
        })();

        return protocol;
    })();

    return yrpc;
})();

export {
  $root as default
};
