export { usePaged, useReloadOnReturn, type PageOf, type Paged } from './use-paged';
export { useLoaded, type Loaded } from './use-loaded';
export { default as ListFooter } from './list-footer';
