// The CloudBase SDK offline: no metadata probe (TENCENTCLOUD=true) and dummy keys, which the
// emulator accepts (requests are signed locally; the emulator does not verify signatures).
process.env.TENCENTCLOUD = 'true';
process.env.TENCENTCLOUD_SECRETID = process.env.TENCENTCLOUD_SECRETID || 'local-secret-id';
process.env.TENCENTCLOUD_SECRETKEY = process.env.TENCENTCLOUD_SECRETKEY || 'local-secret-key';
