package dev.iamlocal.cli;

/**
 * A verb that reads AWS's service catalog ({@link dev.iamlocal.catalog.ServiceCatalog#bundled}):
 * {@link Main} starts loading it on another thread while the command line is parsed
 * ({@link dev.iamlocal.catalog.ServiceCatalog#preload}), so a short run does not wait for it as long.
 */
interface UsesCatalog {

  /** Whether a run with these arguments will read the catalog (some flags turn the reading off). */
  default boolean usesCatalog(String[] args) {
    return true;
  }
}
