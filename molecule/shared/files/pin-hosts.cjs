// Pin host names to addresses for a Node.js program, before it starts:
//   PIN_HOSTS="name=1.2.3.4,other=1.2.3.4" node --require pin-hosts.cjs program.js
// Test helper (the Observatory scan asks a name on ports 80 and 443; the test names
// are in no DNS). Other names resolve as usual.
const dns = require('node:dns');
const pins = Object.fromEntries((process.env.PIN_HOSTS || '').split(',').filter(Boolean).map(p => p.split('=')));
const orig = dns.lookup;
dns.lookup = function (host, options, cb) {
  if (typeof options === 'function') { cb = options; options = {}; }
  if (typeof options === 'number') options = { family: options };
  const ip = pins[host];
  if (!ip) return orig.call(dns, host, options, cb);
  if (options && options.all) return process.nextTick(cb, null, [{ address: ip, family: 4 }]);
  return process.nextTick(cb, null, ip, 4);
};
