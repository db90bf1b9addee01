/** `http://<host>[.<SERVICES_DOMAIN>]:<port>`, as upstream builds its backend addresses. */
export function backendBaseUrl(host: string, port: number, servicesDomain: string): string {
  return `http://${host}${servicesDomain ? `.${servicesDomain}` : ''}:${port}`;
}
