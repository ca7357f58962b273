export { call, getBridge, onUnauthenticated, setBridge } from './client';
export {
  AppInfoProvider,
  SessionProvider,
  useAppEvent,
  useAppInfo,
  useCall,
  useConnection,
  useConnectionState,
  useSession,
  type CallState,
  type SessionStatus,
} from './hooks';
export { chooseBridge, createHttpBridge, createIpcBridge, TOKEN_HEADER } from './transport';
