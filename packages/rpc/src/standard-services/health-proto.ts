import protobuf from 'protobufjs';
import type { MessageOptions } from '../message/message-options.js';
import { ProtoRoot } from '../service/proto-root.js';
import type { ServiceDefinition } from '../service/service-definition.js';

/** Where the health proto lives in grpc/grpc-proto; descriptors built from it name this file. */
export const HEALTH_PROTO_FILE = 'grpc/health/v1/health.proto';

/**
 * `grpc/health/v1/health.proto` of grpc/grpc-proto, verbatim (a test compares it with the copy
 * grpc-js loads), embedded so that serving health reads no file at run time.
 */
export const HEALTH_PROTO = `
// Copyright 2015 The gRPC Authors
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// The canonical version of this proto can be found at
// https://github.com/grpc/grpc-proto/blob/master/grpc/health/v1/health.proto

syntax = "proto3";

package grpc.health.v1;

option csharp_namespace = "Grpc.Health.V1";
option go_package = "google.golang.org/grpc/health/grpc_health_v1";
option java_multiple_files = true;
option java_outer_classname = "HealthProto";
option java_package = "io.grpc.health.v1";
option objc_class_prefix = "GrpcHealthV1";

message HealthCheckRequest {
  string service = 1;
}

message HealthCheckResponse {
  enum ServingStatus {
    UNKNOWN = 0;
    SERVING = 1;
    NOT_SERVING = 2;
    SERVICE_UNKNOWN = 3;  // Used only by the Watch method.
  }
  ServingStatus status = 1;
}

message HealthListRequest {}

message HealthListResponse {
  // statuses contains all the services and their respective status.
  map<string, HealthCheckResponse> statuses = 1;
}

// Health is gRPC's mechanism for checking whether a server is able to handle
// RPCs. Its semantics are documented in
// https://github.com/grpc/grpc/blob/master/doc/health-checking.md.
service Health {
  // Check gets the health of the specified service. If the requested service
  // is unknown, the call will fail with status NOT_FOUND. If the caller does
  // not specify a service name, the server should respond with its overall
  // health status.
  //
  // Clients should set a deadline when calling Check, and can declare the
  // server unhealthy if they do not receive a timely response.
  rpc Check(HealthCheckRequest) returns (HealthCheckResponse);

  // List provides a non-atomic snapshot of the health of all the available
  // services.
  //
  // The server may respond with a RESOURCE_EXHAUSTED error if too many services
  // exist.
  //
  // Clients should set a deadline when calling List, and can declare the server
  // unhealthy if they do not receive a timely response.
  //
  // Clients should keep in mind that the list of health services exposed by an
  // application can change over the lifetime of the process.
  rpc List(HealthListRequest) returns (HealthListResponse);

  // Performs a watch for the serving status of the requested service.
  // The server will immediately send back a message indicating the current
  // serving status.  It will then subsequently send a new message whenever
  // the service's serving status changes.
  //
  // If the requested service is unknown when the call is received, the
  // server will send a message setting the serving status to
  // SERVICE_UNKNOWN but will *not* terminate the call.  If at some
  // future point, the serving status of the service becomes known, the
  // server will send a new message with the service's serving status.
  //
  // If the call terminates with status UNIMPLEMENTED, then clients
  // should assume this method is not supported and should not retry the
  // call.  If the call terminates with any other status (including OK),
  // clients should retry the call with appropriate exponential backoff.
  rpc Watch(HealthCheckRequest) returns (stream HealthCheckResponse);
}
`.slice(1);

/** A serving status as `grpc.health.v1.HealthCheckResponse.ServingStatus` names it. */
export type ServingStatus = 'UNKNOWN' | 'SERVING' | 'NOT_SERVING' | 'SERVICE_UNKNOWN';

/** `grpc.health.v1.HealthCheckRequest`. */
export interface HealthCheckRequest {
  service?: string;
}
/** `grpc.health.v1.HealthCheckResponse`. */
export interface HealthCheckResponse {
  status?: ServingStatus;
}
/** `grpc.health.v1.HealthListResponse`. */
export interface HealthListResponse {
  statuses?: Record<string, HealthCheckResponse>;
}
/** The methods of `grpc.health.v1.Health`, for typed handlers and stubs. */
export interface HealthMethods {
  Check: { request: HealthCheckRequest; response: HealthCheckResponse };
  List: { request: Record<string, never>; response: HealthListResponse };
  Watch: { request: HealthCheckRequest; response: HealthCheckResponse; kind: 'server-streaming' };
}

/**
 * Pinned so that handlers and callers see statuses by name and every field, whatever messages
 * options the server or client sets.
 */
const HEALTH_MESSAGES: MessageOptions = { enums: 'name', defaults: true };

function healthRoot(): ProtoRoot {
  const root = new protobuf.Root();
  protobuf.parse(HEALTH_PROTO, root);
  root.resolveAll();
  // Reflection (descriptors) groups types by the file they came from; parse() sets none.
  const name = (object: protobuf.ReflectionObject): void => {
    object.filename = HEALTH_PROTO_FILE;
    if (object instanceof protobuf.Namespace) for (const nested of object.nestedArray) name(nested);
  };
  name(root.lookup('grpc.health.v1') as protobuf.Namespace);
  return new ProtoRoot(root, { messages: HEALTH_MESSAGES });
}

/** The `grpc.health.v1` root, for clients and tools that want the messages too. */
export const healthProto: ProtoRoot = healthRoot();

/**
 * `grpc.health.v1.Health`: give it to `client.service(Health)` to check a server's health, or to
 * `server.addService` with a {@link HealthService}'s implementation (or use `addHealth`).
 */
export const Health: ServiceDefinition<HealthMethods> =
  healthProto.service<HealthMethods>('grpc.health.v1.Health');
