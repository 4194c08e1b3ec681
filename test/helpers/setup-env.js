/**
 * Runs in every test file before it loads. cdktf sets TF_PLUGIN_CACHE_DIR to
 * ~/.terraform.d/plugin-cache unless told not to, and terraform keys that cache by provider
 * version only: a provider built by an earlier run (or another checkout) with the same
 * version would be reused instead of the one under test. Tests start cdktf without it.
 */
process.env.CDKTF_DISABLE_PLUGIN_CACHE_ENV = '1';
