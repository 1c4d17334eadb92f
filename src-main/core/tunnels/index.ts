/** SSH port forwarding (-L, -R, -D) over the pooled connections; see docs/ssh.md "Tunnels". */
export { TunnelManager, type TunnelManagerDeps, type OpenTunnel } from './tunnel-manager';
export { Tunnel, type TunnelDeps } from './tunnel';
export {
  parseForwardSpec,
  isLoopbackAddress,
  assertListenAllowed,
  describeSpec,
  hostPort,
  FLAG_OF,
} from '../../contract/forward-spec';
