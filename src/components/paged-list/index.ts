export { usePaged, useReloadOnReturn, type PageOf, type Paged } from './use-paged';
export { default as ListFooter } from './list-footer';
