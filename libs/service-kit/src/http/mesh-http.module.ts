import { HttpModule, HttpService } from '@nestjs/axios';
import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { FactoryProvider, ModuleMetadata } from '@nestjs/common/interfaces';
import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios';
import { Agent } from 'undici';
import { currentRequestContext } from '../context/request-context';
import { Telemetry } from '../telemetry/telemetry';
import { withCallTelemetry } from './call-telemetry';
import { createUndiciAdapter } from './undici-adapter';

export interface MeshHttpOptions {
  /**
   * Reuse connections to upstreams (default). `false` opens one connection per call, as upstream's
   * productpage does on purpose, so that without a mesh each call can land on another replica.
   */
  keepAlive?: boolean;
  /**
   * Copy the current request's propagated headers onto every call (default). `false` for a service
   * whose only upstream is a third party outside the mesh (details v2 calling Google Books): user
   * names, cookies and trace ids stay inside.
   */
  propagateHeaders?: boolean;
}

export interface MeshHttpAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  /** Same contract as Nest's own factory providers: receives the `inject` tokens in order. */
  useFactory: FactoryProvider<MeshHttpOptions>['useFactory'];
}

const MESH_HTTP_OPTIONS = Symbol('MESH_HTTP_OPTIONS');

/**
 * The connections under `HttpService`: one undici Agent, which keeps a keep-alive pool per origin,
 * and, in an app with `TelemetryModule`, the metrics and client spans of every call.
 * Destroyed when the application closes, after the graceful shutdown has let the requests in flight
 * finish; a call still running then (a FLOOD_FACTOR extra, say) fails at once rather than hold the
 * exit for up to its timeout.
 */
@Injectable()
export class MeshConnections implements OnApplicationShutdown {
  private readonly agent = new Agent();
  readonly adapter: AxiosAdapter;

  constructor(@Inject(MESH_HTTP_OPTIONS) options: MeshHttpOptions, @Optional() telemetry?: Telemetry) {
    const adapter = createUndiciAdapter(this.agent, { keepAlive: options.keepAlive ?? true });
    this.adapter = telemetry ? withCallTelemetry(adapter, telemetry, { propagate: options.propagateHeaders !== false }) : adapter;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.agent.destroy();
  }
}

/** Adds the current request's propagated headers to a call; they win over headers the caller set. */
function withPropagatedHeaders(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
  const propagated = currentRequestContext()?.headers;
  if (propagated) config.headers.set(propagated);
  return config;
}

/** The one place where the Bookinfo headers leave a service: an interceptor on the service's axios. */
@Injectable()
class HeaderPropagation implements OnModuleInit {
  constructor(
    private readonly http: HttpService,
    @Inject(MESH_HTTP_OPTIONS) private readonly options: MeshHttpOptions,
  ) {}

  onModuleInit(): void {
    if (this.options.propagateHeaders === false) return;
    this.http.axiosRef.interceptors.request.use(withPropagatedHeaders, undefined, { synchronous: true });
  }
}

@Module({})
class MeshConnectionsModule {}

/**
 * `HttpModule` from `@nestjs/axios`, registered once per service: its `HttpService` sends every call
 * over undici's keep-alive pools and carries the propagated headers of the request being served.
 * Clients inject `HttpService` and set their own `timeout`, `maxContentLength` and retries.
 */
@Module({})
export class MeshHttpModule {
  static register(options: MeshHttpOptions = {}): DynamicModule {
    return MeshHttpModule.registerAsync({ useFactory: () => options });
  }

  static registerAsync({ imports = [], inject = [], useFactory }: MeshHttpAsyncOptions): DynamicModule {
    const connections: DynamicModule = {
      module: MeshConnectionsModule,
      imports,
      providers: [{ provide: MESH_HTTP_OPTIONS, inject, useFactory }, MeshConnections],
      exports: [MESH_HTTP_OPTIONS, MeshConnections],
    };
    const http = HttpModule.registerAsync({
      imports: [connections],
      inject: [MeshConnections],
      useFactory: ({ adapter }: MeshConnections) => ({ adapter }),
    });
    return {
      module: MeshHttpModule,
      imports: [connections, http],
      providers: [HeaderPropagation],
      exports: [http],
    };
  }
}
