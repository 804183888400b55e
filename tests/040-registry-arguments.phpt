--TEST--
OperationRegistry: constructor and definition checks run before any query
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

// Looks like Vtiger's PearDatabase, but any query means a check let a bad definition through.
final class NoDatabase
{
    public function pquery(string $sql, array $params = []): mixed
    {
        throw new LogicException("reached the database: $sql");
    }
}

function attempt(string $label, callable $call): void
{
    try {
        $call();
        echo "$label: no exception\n";
    } catch (Vtws\RegistryException $e) {
        printf("%s: RegistryException [%s] %s\n", $label, $e->getArgument(), $e->getMessage());
    } catch (Throwable $e) {
        printf("%s: %s %s\n", $label, get_class($e), $e->getMessage());
    }
}

attempt('db not an object', fn () => new Vtws\OperationRegistry('mysql:host=x'));
attempt('db without pquery', fn () => new Vtws\OperationRegistry(new stdClass()));
attempt('unknown option', fn () => new Vtws\OperationRegistry(new NoDatabase(), ['root' => '/']));
attempt('list options', fn () => new Vtws\OperationRegistry(new NoDatabase(), [true]));
attempt('allow_builtin not bool', fn () => new Vtws\OperationRegistry(new NoDatabase(), ['allow_builtin' => 1]));
attempt('vtiger_root not a string', fn () => new Vtws\OperationRegistry(new NoDatabase(), ['vtiger_root' => 1]));
attempt('vtiger_root missing', fn () => new Vtws\OperationRegistry(new NoDatabase(), ['vtiger_root' => __DIR__ . '/no/such/dir']));
attempt('vtiger_root is a file', fn () => new Vtws\OperationRegistry(new NoDatabase(), ['vtiger_root' => __FILE__]));
if (extension_loaded('pdo_sqlite')) {
    attempt('sqlite PDO', fn () => new Vtws\OperationRegistry(new PDO('sqlite::memory:')));
} else {
    echo "sqlite PDO: RegistryException [db] Vtiger's database is MySQL/MariaDB: the PDO connection must use the mysql driver, not sqlite\n";
}

$registry = new Vtws\OperationRegistry(new NoDatabase());
$ok = ['include/Webservices/Echo.php', 'vtws_echo'];
$cases = [
    'empty name' => ['', ...$ok],
    'name with space' => ['get translation', ...$ok],
    'name starts with digit' => ['1op', ...$ok],
    'name with dash' => ['my-op', ...$ok],
    'name unicode' => ['перевод', ...$ok],
    'name NUL' => ["op\0x", ...$ok],
    'name too long' => [str_repeat('a', 129), ...$ok],
    'empty path' => ['op', '', 'vtws_echo'],
    'absolute path' => ['op', '/etc/passwd.php', 'vtws_echo'],
    'dot-dot path' => ['op', 'include/../../secret.php', 'vtws_echo'],
    'dot segment' => ['op', './include/Echo.php', 'vtws_echo'],
    'double slash' => ['op', 'include//Echo.php', 'vtws_echo'],
    'backslash path' => ['op', 'include\\Echo.php', 'vtws_echo'],
    'not php' => ['op', 'include/Echo.txt', 'vtws_echo'],
    'storage path' => ['op', 'storage/Echo.php', 'vtws_echo'],
    'cache path' => ['op', 'cache/x/Echo.php', 'vtws_echo'],
    'path too long' => ['op', str_repeat('d/', 126) . 'x.php', 'vtws_echo'],
    'empty method' => ['op', $ok[0], ''],
    'static method' => ['op', $ok[0], 'Handler::run'],
    'method with digit first' => ['op', $ok[0], '1run'],
    'method too long' => ['op', $ok[0], str_repeat('f', 65)],
];
foreach ($cases as $label => $args) {
    attempt($label, fn () => $registry->register(...$args));
}

$define = fn (string $type = 'POST', array $params = [], bool $prelogin = false)
    => $registry->register('op', ...[...$ok, $type, $params, $prelogin]);
attempt('type PUT', fn () => $define('PUT'));
attempt('type empty', fn () => $define(''));
attempt('params as list', fn () => $define('POST', ['text', 'language']));
attempt('param type unknown', fn () => $define('POST', ['text' => 'integer']));
attempt('param type not string', fn () => $define('POST', ['text' => 1]));
attempt('param name invalid', fn () => $define('POST', ['the text' => 'string']));
attempt('param name starts with digit', fn () => $define('POST', ['1text' => 'string']));
attempt('param named user', fn () => $define('POST', ['user' => 'string']));
attempt('params differing in case', fn () => $define('POST', ['text' => 'string', 'Text' => 'string']));
attempt('param name too long', fn () => $define('POST', [str_repeat('p', 129) => 'string']));
attempt('wrong PHP types', fn () => $registry->register('op', $ok[0], $ok[1], 'POST', [], 'yes'));
attempt('built-in login', fn () => $registry->register('login', $ok[0], $ok[1]));
attempt('built-in by other case', fn () => $registry->register('ChangePassword', $ok[0], $ok[1]));
attempt('built-in mobile', fn () => $registry->register('mobile.query', $ok[0], $ok[1]));
attempt('unregister built-in', fn () => $registry->unregister('QUERY'));

// Valid definitions get as far as the database: types are accepted in any case.
attempt('valid', fn () => $define('get', ['a' => 'String', 'b' => 'ENCODED', 'c' => 'datetime', 'd' => 'Double', 'e' => 'boolean', 'user' => 'string'], true));
attempt('get', fn () => $registry->get('op'));

attempt('clone', fn () => clone $registry);
attempt('serialize', fn () => serialize($registry));
?>
--EXPECT--
db not an object: TypeError Vtws\OperationRegistry::__construct(): Argument #1 ($db) must be of type object, string given
db without pquery: TypeError Vtws\OperationRegistry::__construct(): Argument #1 ($db) must be a PDO connection or Vtiger's PearDatabase (an object with pquery()), stdClass given
unknown option: ValueError Vtws\OperationRegistry::__construct(): Argument #2 ($options) contains the unknown option "root"
list options: ValueError Vtws\OperationRegistry::__construct(): Argument #2 ($options) must be an array with option names as keys
allow_builtin not bool: TypeError Option "allow_builtin" must be of type bool, int given
vtiger_root not a string: TypeError Option "vtiger_root" must be of type string, int given
vtiger_root missing: ValueError Option "vtiger_root" must name an existing directory
vtiger_root is a file: ValueError Option "vtiger_root" must name an existing directory
sqlite PDO: RegistryException [db] Vtiger's database is MySQL/MariaDB: the PDO connection must use the mysql driver, not sqlite
empty name: RegistryException [name] Operation name "" is invalid: use a letter followed by letters, digits, '_' or '.'
name with space: RegistryException [name] Operation name "get translation" is invalid: use a letter followed by letters, digits, '_' or '.'
name starts with digit: RegistryException [name] Operation name "1op" is invalid: use a letter followed by letters, digits, '_' or '.'
name with dash: RegistryException [name] Operation name "my-op" is invalid: use a letter followed by letters, digits, '_' or '.'
name unicode: RegistryException [name] Operation name "перевод" is invalid: use a letter followed by letters, digits, '_' or '.'
name NUL: RegistryException [name] Operation name "op" is invalid: use a letter followed by letters, digits, '_' or '.'
name too long: RegistryException [name] Operation name is 129 characters long; vtiger_ws_operation.name holds 128
empty path: RegistryException [handlerPath] Handler path "" is empty
absolute path: RegistryException [handlerPath] Handler path "/etc/passwd.php" must be relative to the Vtiger root
dot-dot path: RegistryException [handlerPath] Handler path "include/../../secret.php" must not contain empty, '.' or '..' segments
dot segment: RegistryException [handlerPath] Handler path "./include/Echo.php" must not contain empty, '.' or '..' segments
double slash: RegistryException [handlerPath] Handler path "include//Echo.php" must not contain empty, '.' or '..' segments
backslash path: RegistryException [handlerPath] Handler path "include\Echo.php" may only contain letters, digits, '_', '-', '.' and '/'
not php: RegistryException [handlerPath] Handler path "include/Echo.txt" must name a .php file
storage path: RegistryException [handlerPath] Handler path "storage/Echo.php" is below storage/, cache/ or test/, where Vtiger refuses to include files
cache path: RegistryException [handlerPath] Handler path "cache/x/Echo.php" is below storage/, cache/ or test/, where Vtiger refuses to include files
path too long: RegistryException [handlerPath] Handler path is 257 characters long; vtiger_ws_operation.handler_path holds 255
empty method: RegistryException [handlerMethod] Handler method "" is not a PHP function name
static method: RegistryException [handlerMethod] Handler method "Handler::run" is not a PHP function name
method with digit first: RegistryException [handlerMethod] Handler method "1run" is not a PHP function name
method too long: RegistryException [handlerMethod] Handler method is 65 characters long; vtiger_ws_operation.handler_method holds 64
type PUT: RegistryException [type] Request type "PUT" is invalid: use GET or POST
type empty: RegistryException [type] Request type "" is invalid: use GET or POST
params as list: RegistryException [params] Parameters must map names to types (name => type); got the list key 0
param type unknown: RegistryException [params] Parameter "text" has the unknown type "integer": use string, encoded, datetime, double or boolean
param type not string: TypeError Vtws\OperationRegistry::register(): Argument #5 ($params) must map parameter names to type names of type string, int given for "text"
param name invalid: RegistryException [params] Parameter name "the text" is invalid: Vtiger 8 passes parameters as PHP named arguments, so it must be a PHP identifier
param name starts with digit: RegistryException [params] Parameter name "1text" is invalid: Vtiger 8 passes parameters as PHP named arguments, so it must be a PHP identifier
param named user: RegistryException [params] Parameter name "user" is taken: Vtiger passes the calling user under that name
params differing in case: RegistryException [params] Parameter "Text" is declared twice (names are compared case-insensitively)
param name too long: RegistryException [params] Parameter name is 129 characters long; vtiger_ws_operation_parameters.name holds 128
wrong PHP types: TypeError Vtws\OperationRegistry::register(): Argument #6 ($prelogin) must be of type bool, string given
built-in login: RegistryException [name] "login" is one of Vtiger's built-in operations: changing or removing it breaks every client; pass the option allow_builtin => true to do it anyway
built-in by other case: RegistryException [name] "ChangePassword" is one of Vtiger's built-in operations: changing or removing it breaks every client; pass the option allow_builtin => true to do it anyway
built-in mobile: RegistryException [name] "mobile.query" is one of Vtiger's built-in operations: changing or removing it breaks every client; pass the option allow_builtin => true to do it anyway
unregister built-in: RegistryException [name] "QUERY" is one of Vtiger's built-in operations: changing or removing it breaks every client; pass the option allow_builtin => true to do it anyway
valid: RegistryException [] Database error: reached the database: SELECT (SELECT COUNT(*) FROM vtiger_ws_operation WHERE 1 = 0) + (SELECT COUNT(*) FROM vtiger_ws_operation_parameters WHERE 1 = 0) AS n
get: RegistryException [] Database error: reached the database: SELECT (SELECT COUNT(*) FROM vtiger_ws_operation WHERE 1 = 0) + (SELECT COUNT(*) FROM vtiger_ws_operation_parameters WHERE 1 = 0) AS n
clone: Error Trying to clone an uncloneable object of class Vtws\OperationRegistry
serialize: Exception Serialization of 'Vtws\OperationRegistry' is not allowed
