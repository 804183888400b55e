<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

require_once __DIR__ . '/TestCase.php';

use Vtws\OperationRegistry;

/**
 * vtiger_root: the handler file must exist in the Vtiger root and its function must take
 * the registered parameters by name (Vtiger 8 on PHP 8). A refused definition writes nothing.
 */
final class HandlerCheckTest extends TestCase
{
    private function registry(): OperationRegistry
    {
        return new OperationRegistry($this->db, ['vtiger_root' => self::vtigerRoot()]);
    }

    public function testAMatchingHandlerIsRegistered(): void
    {
        $result = $this->registry()->register('echo', self::WS . 'Echo.php', 'vtws_registry_echo', 'GET', ['text' => 'string']);

        self::assertSame(['id' => 39, 'status' => 'created'], $result);
        self::assertSame(1, $GLOBALS['vtws_registry_echo_loads']);
        $this->registry()->register('echo', self::WS . 'Echo.php', 'vtws_registry_echo', 'GET', ['text' => 'string']);
        self::assertSame(1, $GLOBALS['vtws_registry_echo_loads'], 'the handler file ran twice');
    }

    /** The tutorial's own registration: "language" vs the handler's $portal_language. */
    public function testTheSeedGetTranslationMismatchIsRefused(): void
    {
        $script = <<<'PHP'
            $db = new PDO(getenv('VTWS_TEST_MYSQL_DSN'), getenv('VTWS_TEST_MYSQL_USER'), getenv('VTWS_TEST_MYSQL_PASSWORD'));
            $registry = new Vtws\OperationRegistry($db, ['vtiger_root' => $argv[1]]);
            $params = ['totranslate' => 'encoded', 'language' => 'string', 'module' => 'string'];
            try {
                $registry->register('gettranslation', 'include/Webservices/SeedGetTranslation.php', 'vtws_gettranslation', 'POST', $params);
                echo json_encode(['registered' => true]);
            } catch (Vtws\RegistryException $e) {
                echo json_encode(['argument' => $e->getArgument(), 'message' => $e->getMessage()]);
            }
            PHP;
        // Its function is called vtws_gettranslation like the example's: a process of its own.
        $output = shell_exec(implode(' ', array_map('escapeshellarg', [PHP_BINARY, '-d', 'extension=' . MariaDb::extension(),
            '-r', $script, self::vtigerRoot()])));
        $answer = json_decode((string) $output, true);

        self::assertSame('params', $answer['argument'] ?? null, (string) $output);
        self::assertStringContainsString('rename "language" to "portal_language"', $answer['message']);
        self::assertStringContainsString('vtws_gettranslation($portal_language, $module, $totranslate, $user)', $answer['message']);
        self::assertSame([], $this->operationRows('gettranslation'));
        self::assertSame(38, $this->sequence());
    }

    public function testRefusedHandlersWriteNothing(): void
    {
        $registry = $this->registry();
        $before = MariaDb::snapshot($this->db);
        $cases = [
            'handlerPath' => [self::WS . 'Missing.php', 'vtws_missing', ['text' => 'string']],
            'handlerMethod' => [self::WS . 'Nothing.php', 'vtws_registry_nothing', []],
            'params' => [self::WS . 'Echo.php', 'vtws_registry_echo', ['txt' => 'string']],
        ];
        foreach ($cases as $argument => [$path, $method, $params]) {
            $error = self::registryError(fn () => $registry->register('checked', $path, $method, 'POST', $params));
            self::assertSame($argument, $error->getArgument(), $error->getMessage());
        }
        $error = self::registryError(fn () => $registry->register('checked', self::WS . 'NoUser.php', 'vtws_registry_nouser', 'POST', ['text' => 'string']));
        self::assertStringContainsString('has no $user parameter', $error->getMessage());

        self::assertSame($before, MariaDb::snapshot($this->db));
    }

    public function testVariadicAndPreloginHandlers(): void
    {
        $registry = $this->registry();

        self::assertSame('created', $registry->register('variadic', self::WS . 'Variadic.php', 'vtws_registry_variadic', 'POST',
            ['anything' => 'string', 'else' => 'encoded'])['status']);
        self::assertSame('created', $registry->register('prelogin', self::WS . 'Prelogin.php', 'vtws_registry_prelogin', 'GET',
            ['username' => 'string'], true)['status']);
        self::assertTrue($registry->get('prelogin')['prelogin']);
    }
}
