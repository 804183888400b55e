--TEST--
Client options: unknown names are ValueErrors, wrong types TypeErrors, bad values ValueErrors
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

function attempt(array $options): void
{
    try {
        new Vtws\Client('http://127.0.0.1:1', $options);
        echo "accepted ", implode(',', array_keys($options)), "\n";
    } catch (TypeError | ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

echo "-- valid\n";
attempt([
    'timeout' => 5,
    'connect_timeout' => 1.5,
    'verify_peer' => false,
    'ca_file' => __FILE__,
    'user_agent' => 'probe/1.0',
    'proxy' => null,
    'retries' => 3,
    'max_response_size' => 1048576,
    'auto_relogin' => false,
]);
attempt(['timeout' => 0, 'proxy' => '', 'retries' => 0, 'max_response_size' => 0, 'ca_file' => null]);

echo "-- unknown or positional\n";
attempt(['timout' => 5]);
attempt(['TIMEOUT' => 5]);
attempt([5]);

echo "-- types\n";
attempt(['timeout' => '5']);
attempt(['timeout' => null]);
attempt(['connect_timeout' => true]);
attempt(['verify_peer' => 1]);
attempt(['verify_peer' => 'yes']);
attempt(['ca_file' => 42]);
attempt(['user_agent' => null]);
attempt(['user_agent' => ['x']]);
attempt(['proxy' => 8080]);
attempt(['retries' => 1.0]);
attempt(['retries' => '2']);
attempt(['max_response_size' => 1.5]);
attempt(['auto_relogin' => 'false']);
attempt(['auto_relogin' => 0]);

echo "-- values\n";
attempt(['timeout' => -1]);
attempt(['timeout' => NAN]);
attempt(['timeout' => INF]);
attempt(['connect_timeout' => -0.5]);
attempt(['retries' => -1]);
attempt(['retries' => 11]);
attempt(['max_response_size' => -1]);
attempt(['ca_file' => __DIR__ . '/no-such-ca-file.pem']);
attempt(['user_agent' => "probe\0x"]);
attempt(['proxy' => "http://proxy\0"]);
?>
--EXPECTF--
-- valid
accepted timeout,connect_timeout,verify_peer,ca_file,user_agent,proxy,retries,max_response_size,auto_relogin
accepted timeout,proxy,retries,max_response_size,ca_file
-- unknown or positional
ValueError: Unknown option "timout"; known options: timeout, connect_timeout, verify_peer, ca_file, user_agent, proxy, retries, max_response_size, auto_relogin, preserve_description, typed
ValueError: Unknown option "TIMEOUT"; known options: timeout, connect_timeout, verify_peer, ca_file, user_agent, proxy, retries, max_response_size, auto_relogin, preserve_description, typed
ValueError: Options must be given by name, e.g. ['timeout' => 5]
-- types
TypeError: Option "timeout" must be of type int|float, string given
TypeError: Option "timeout" must be of type int|float, null given
TypeError: Option "connect_timeout" must be of type int|float, bool given
TypeError: Option "verify_peer" must be of type bool, int given
TypeError: Option "verify_peer" must be of type bool, string given
TypeError: Option "ca_file" must be of type ?string, int given
TypeError: Option "user_agent" must be of type string, null given
TypeError: Option "user_agent" must be of type string, array given
TypeError: Option "proxy" must be of type ?string, int given
TypeError: Option "retries" must be of type int, float given
TypeError: Option "retries" must be of type int, string given
TypeError: Option "max_response_size" must be of type int, float given
TypeError: Option "auto_relogin" must be of type bool, string given
TypeError: Option "auto_relogin" must be of type bool, int given
-- values
ValueError: Option "timeout" must be a number of seconds >= 0
ValueError: Option "timeout" must be a number of seconds >= 0
ValueError: Option "timeout" must be a number of seconds >= 0
ValueError: Option "connect_timeout" must be a number of seconds >= 0
ValueError: Option "retries" must be between 0 and 10
ValueError: Option "retries" must be between 0 and 10
ValueError: Option "max_response_size" must be between 0 and 9223372036854775807
ValueError: Option "ca_file" names a file that cannot be read: %sno-such-ca-file.pem
ValueError: Option "user_agent" must not contain NUL bytes
ValueError: Option "proxy" must not contain NUL bytes
