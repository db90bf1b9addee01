import type { MeshEndpoint } from '@bookinfo/service-kit/http';
import type { Backend, BackendCaller } from './backend-caller';
import type { BackendResult } from './backend-result';

/**
 * One backend as productpage sees it: where it is and how it is called are fixed when the client
 * is built; only the product id varies per call (`<address>/<resource>/<id>`).
 */
export abstract class BackendClient {
  private readonly endpoint: MeshEndpoint;

  protected constructor(
    private readonly caller: BackendCaller,
    /** `http://host[.domain]:port`, also shown on the landing page. */
    readonly address: string,
    private readonly resource: string,
    private readonly backend: Backend,
  ) {
    this.endpoint = caller.endpoint(address, backend);
  }

  protected fetchProduct(productId: number): Promise<BackendResult> {
    return this.caller.call(this.backend, this.endpoint, `/${this.resource}/${productId}`);
  }
}
