import type { Backend, BackendCaller } from './backend-caller';
import type { BackendResult } from './backend-result';

/**
 * One backend as productpage sees it: where it is and how it is called are fixed when the client
 * is built; only the product id varies per call (`<address>/<resource>/<id>`).
 */
export abstract class BackendClient {
  private readonly get: (path: string) => Promise<BackendResult>;

  protected constructor(
    caller: BackendCaller,
    /** `http://host[.domain]:port`, also shown on the landing page. */
    readonly address: string,
    private readonly resource: string,
    backend: Backend,
  ) {
    this.get = caller.connect(address, backend);
  }

  protected fetchProduct(productId: number): Promise<BackendResult> {
    return this.get(`/${this.resource}/${productId}`);
  }
}
