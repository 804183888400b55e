--TEST--
OperationRegistry vtiger_root: handler file, function and PHP 8 named-argument checks
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

// A definition that passes every check reaches the database, which this double refuses.
final class NoDatabase
{
    public function pquery(string $sql, array $params = []): mixed
    {
        throw new LogicException('reached the database');
    }
}

function attempt(string $label, callable $call): void
{
    try {
        $call();
        echo "$label: no exception\n";
    } catch (Vtws\RegistryException $e) {
        $message = strtr($e->getMessage(), $GLOBALS['masks']);
        $previous = $e->getPrevious() ? ' (previous: ' . get_class($e->getPrevious()) . ')' : '';
        printf("%s: [%s] %s%s\n", $label, $e->getArgument(), $message, $previous);
    }
}

$root = realpath(sys_get_temp_dir()) . '/vtws-registry-root-' . getmypid();
$masks = [realpath(__DIR__ . '/vtiger-root') => 'ROOT', __FILE__ => 'THIS_TEST', $root => 'TMP_ROOT'];
$registry = new Vtws\OperationRegistry(new NoDatabase(), ['vtiger_root' => __DIR__ . '/vtiger-root/']);
$ws = 'include/Webservices/';

// The tutorial's registration of its own handler: "language" vs $portal_language.
attempt('seed gettranslation', fn () => $registry->register('gettranslation', $ws . 'SeedGetTranslation.php',
    'vtws_gettranslation', 'POST', ['totranslate' => 'encoded', 'language' => 'string', 'module' => 'string']));
attempt('seed renamed', fn () => $registry->register('gettranslation', $ws . 'SeedGetTranslation.php',
    'vtws_gettranslation', 'POST', ['totranslate' => 'encoded', 'portal_language' => 'string', 'module' => 'string']));

attempt('missing file', fn () => $registry->register('op', $ws . 'Missing.php', 'vtws_missing'));
attempt('directory', fn () => $registry->register('op', 'include/Webservices.php', 'vtws_missing'));
attempt('no function', fn () => $registry->register('op', $ws . 'Nothing.php', 'vtws_registry_nothing'));
attempt('PHP function', fn () => $registry->register('op', $ws . 'Echo.php', 'strlen', 'POST', ['string' => 'string']));
attempt('defined elsewhere', fn () => $registry->register('op', $ws . 'Echo.php', 'attempt'));
attempt('echo ok', fn () => $registry->register('op', $ws . 'Echo.php', 'vtws_registry_echo', 'POST', ['text' => 'string']));
attempt('echo again', fn () => $registry->register('op', $ws . 'Echo.php', 'vtws_registry_echo', 'GET', ['text' => 'string']));
echo 'Echo.php ran ', $GLOBALS['vtws_registry_echo_loads'], " time(s)\n";
attempt('echo other file', fn () => $registry->register('op', $ws . 'NoUser.php', 'vtws_registry_echo', 'POST', ['text' => 'string']));
attempt('unknown name', fn () => $registry->register('op', $ws . 'Echo.php', 'vtws_registry_echo', 'POST', ['txt' => 'string', 'lang' => 'string']));
attempt('no user', fn () => $registry->register('op', $ws . 'NoUser.php', 'vtws_registry_nouser', 'POST', ['text' => 'string']));
attempt('no user, prelogin', fn () => $registry->register('op', $ws . 'NoUser.php', 'vtws_registry_nouser', 'POST', ['text' => 'string'], true));
attempt('required not registered', fn () => $registry->register('op', $ws . 'Required.php', 'vtws_registry_required', 'POST', ['text' => 'string']));
attempt('required registered', fn () => $registry->register('op', $ws . 'Required.php', 'vtws_registry_required', 'POST', ['text' => 'string', 'extra' => 'encoded']));
attempt('variadic', fn () => $registry->register('op', $ws . 'Variadic.php', 'vtws_registry_variadic', 'POST', ['anything' => 'string']));
attempt('prelogin wants user', fn () => $registry->register('op', $ws . 'Echo.php', 'vtws_registry_echo', 'POST', ['text' => 'string'], true));
attempt('prelogin', fn () => $registry->register('op', $ws . 'Prelogin.php', 'vtws_registry_prelogin', 'POST', ['username' => 'string'], true));
attempt('prelogin missing param', fn () => $registry->register('op', $ws . 'Prelogin.php', 'vtws_registry_prelogin', 'POST', [], true));

// A file that does not compile: the ParseError is kept as the previous exception.
@mkdir($root . '/include', 0777, true);
file_put_contents($root . '/include/Broken.php', "<?php\nfunction vtws_registry_broken(\$user\n{\n}\n");
symlink(__DIR__ . '/vtiger-root/include/Webservices/Echo.php', $root . '/include/Outside.php');
@mkdir($root . '/storage');
symlink($root . '/storage', $root . '/include/store');
file_put_contents($root . '/storage/Kept.php', "<?php\nfunction vtws_registry_kept(\$user) {}\n");
$other = new Vtws\OperationRegistry(new NoDatabase(), ['vtiger_root' => $root]);
attempt('parse error', fn () => $other->register('op', 'include/Broken.php', 'vtws_registry_broken'));
attempt('symlink outside', fn () => $other->register('op', 'include/Outside.php', 'vtws_registry_echo'));
attempt('symlink into storage', fn () => $other->register('op', 'include/store/Kept.php', 'vtws_registry_kept'));
foreach (['include/Broken.php', 'include/Outside.php', 'include/store', 'storage/Kept.php'] as $file) {
    unlink("$root/$file");
}
rmdir("$root/storage");
rmdir("$root/include");
rmdir($root);
?>
--EXPECT--
seed gettranslation: [params] Parameter "language" is not a parameter of vtws_gettranslation($portal_language, $module, $totranslate, $user): Vtiger 8 on PHP 8 passes parameters by name, so rename "language" to "portal_language" (or rename the handler's $portal_language to $language)
seed renamed: [] Database error: reached the database (previous: LogicException)
missing file: [handlerPath] Handler file include/Webservices/Missing.php does not exist under the Vtiger root ROOT
directory: [handlerPath] Handler file include/Webservices.php does not exist under the Vtiger root ROOT
no function: [handlerMethod] Handler file include/Webservices/Nothing.php does not define the function vtws_registry_nothing()
PHP function: [handlerMethod] strlen() is a function of PHP itself, not a handler in include/Webservices/Echo.php
defined elsewhere: [handlerMethod] attempt() is already defined in THIS_TEST, not by the handler file include/Webservices/Echo.php
echo ok: [] Database error: reached the database (previous: LogicException)
echo again: [] Database error: reached the database (previous: LogicException)
Echo.php ran 1 time(s)
echo other file: [handlerMethod] vtws_registry_echo() is already defined in ROOT/include/Webservices/Echo.php, not by the handler file include/Webservices/NoUser.php
unknown name: [params] Parameter "txt" is not a parameter of vtws_registry_echo($text, $user): Vtiger 8 on PHP 8 passes parameters by name, so rename "txt" to "text" (or rename the handler's $text to $txt)
no user: [handlerMethod] vtws_registry_nouser($text) has no $user parameter: Vtiger 8 passes the calling user as the named argument user
no user, prelogin: [] Database error: reached the database (previous: LogicException)
required not registered: [params] vtws_registry_required($text, $extra, $user) requires $extra, which Vtiger will not pass: register a parameter "extra" or give it a default
required registered: [] Database error: reached the database (previous: LogicException)
variadic: [] Database error: reached the database (previous: LogicException)
prelogin wants user: [params] vtws_registry_echo($text, $user) requires $user, which Vtiger will not pass: register a parameter "user" (prelogin operations get no user)
prelogin: [] Database error: reached the database (previous: LogicException)
prelogin missing param: [params] vtws_registry_prelogin($username) requires $username, which Vtiger will not pass: register a parameter "username" (prelogin operations get no user)
parse error: [handlerPath] Handler file TMP_ROOT/include/Broken.php failed to load: syntax error, unexpected token "{", expecting ")" (previous: ParseError)
symlink outside: [handlerPath] Handler file include/Outside.php resolves to ROOT/include/Webservices/Echo.php, outside the Vtiger root TMP_ROOT
symlink into storage: [handlerPath] Handler file include/store/Kept.php resolves to TMP_ROOT/storage/Kept.php, below a directory Vtiger refuses to include from
