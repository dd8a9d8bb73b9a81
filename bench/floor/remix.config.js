/**
 * The floor: a bare Remix app (one page, no data, no database), built and
 * served the way Giao Ban is (classic compiler, Express, single fetch), so
 * the benchmark can say how close the product comes to what Remix itself
 * costs on this machine. Not part of the product.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  serverModuleFormat: "esm",
  tailwind: false,
  postcss: false,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
