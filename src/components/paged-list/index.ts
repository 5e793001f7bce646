export { usePaged, type PageOf, type Paged } from './use-paged';
export { default as ListFooter } from './list-footer';
