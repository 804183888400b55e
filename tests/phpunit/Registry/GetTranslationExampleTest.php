<?php

declare(strict_types=1);

namespace Vtws\Tests\Registry;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;
use Vtws\OperationRegistry;
use Vtws\Tests\ServerLauncher;
use Vtws\TransportException;

/**
 * examples/gettranslation end to end: register.php writes the operation into the MariaDB
 * tables, the test server dispatches it from there like Vtiger 8 on PHP 8 (named
 * arguments), and Vtws\Client::call() gets the translation.
 */
final class GetTranslationExampleTest extends TestCase
{
    private const LABELS = ['SINGLE_Contacts', 'Contacts'];

    private static function exampleDir(): string
    {
        return dirname(__DIR__, 3) . '/examples/gettranslation';
    }

    protected function tearDown(): void
    {
        if (MariaDb::available()) {
            // Back to the server's own operations and the patched profile.
            ServerLauncher::control('reset');
        }
    }

    /** @return array{int, string} exit status and output of register.php */
    private function runRegisterScript(): array
    {
        $env = getenv();
        $env['VTIGER_DSN'] = MariaDb::dsn();
        $env['VTIGER_DB_USER'] = MariaDb::user();
        $env['VTIGER_DB_PASS'] = MariaDb::password();
        $env['VTIGER_ROOT'] = self::exampleDir();
        $process = proc_open([PHP_BINARY, '-d', 'extension=' . MariaDb::extension(), self::exampleDir() . '/register.php'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        self::assertIsResource($process);
        $output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($process), $output];
    }

    private function useOperationsFrom(string $root, string $profile): void
    {
        $answer = ServerLauncher::control('operations-source', ['dsn' => MariaDb::dsn(), 'user' => MariaDb::user(),
            'password' => MariaDb::password(), 'root' => $root]);
        self::assertTrue($answer['ok'] ?? false, json_encode($answer));
        self::assertTrue(ServerLauncher::control('profile', ['name' => $profile])['ok'] ?? false);
    }

    private function client(): Client
    {
        $client = new Client(ServerLauncher::start());
        $client->login('admin', 'vtwsAdminAccessK');
        return $client;
    }

    public function testTheRegisteredExampleAnswersThroughTheClient(): void
    {
        [$status, $output] = $this->runRegisterScript();
        self::assertSame(0, $status, $output);
        self::assertSame("gettranslation: created, operationid 39\n", $output);
        self::assertSame([0, "gettranslation: unchanged, operationid 39\n"], $this->runRegisterScript());

        // Stock Vtiger 8 on PHP 8: the parameters reach the handler by name.
        $this->useOperationsFrom(self::exampleDir(), 'stock');
        $client = $this->client();
        $russian = $client->call('gettranslation', ['totranslate' => self::LABELS, 'language' => 'ru_ru', 'module' => 'Contacts']);
        $english = $client->call('gettranslation', ['totranslate' => ['SINGLE_Contacts', 'NO_SUCH_LABEL'], 'module' => 'Contacts']);
        $nothing = $client->call('gettranslation', ['language' => 'ru_ru']);

        self::assertSame(['SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты'], $russian);
        self::assertSame(['SINGLE_Contacts' => 'Contact', 'NO_SUCH_LABEL' => 'NO_SUCH_LABEL'], $english);
        self::assertNull($nothing);
    }

    public function testTheSameHandlerWorksWithPositionalDispatch(): void
    {
        self::assertSame(0, $this->runRegisterScript()[0]);
        $this->useOperationsFrom(self::exampleDir(), 'patched');

        $result = $this->client()->call('gettranslation', ['totranslate' => self::LABELS, 'language' => 'ru_ru', 'module' => 'Contacts']);

        self::assertSame(['SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты'], $result);
    }

    public function testTheSeedsRegistrationBreaksOnPhp8AsTheRegistryWarns(): void
    {
        // Registered without vtiger_root, nothing stops the tutorial's parameter names...
        (new OperationRegistry($this->db))->register('gettranslation', self::WS . 'SeedGetTranslation.php',
            'vtws_gettranslation', 'POST', ['totranslate' => 'encoded', 'language' => 'string', 'module' => 'string']);
        $this->useOperationsFrom(self::vtigerRoot(), 'stock');

        // ...and Vtiger 8 on PHP 8 dies on "Unknown named parameter $language": HTTP 500, no body.
        try {
            $this->client()->call('gettranslation', ['totranslate' => self::LABELS, 'language' => 'ru_ru', 'module' => 'Contacts']);
            self::fail('the mismatched handler answered');
        } catch (TransportException $e) {
            self::assertSame(500, $e->getHttpStatus());
        }
        // Positional dispatch finds the handler, but hands the labels to $portal_language.
        self::assertTrue(ServerLauncher::control('profile', ['name' => 'patched'])['ok'] ?? false);
        $result = $this->client()->call('gettranslation', ['totranslate' => self::LABELS, 'language' => 'ru_ru', 'module' => 'Contacts']);
        self::assertSame(['language' => self::LABELS, 'module' => 'ru_ru', 'labels' => 'Contacts'], $result);
    }

    public function testUnregisteredOperationsAreUnknownToTheServer(): void
    {
        self::assertSame(0, $this->runRegisterScript()[0]);
        (new OperationRegistry($this->db))->unregister('gettranslation');
        $this->useOperationsFrom(self::exampleDir(), 'stock');

        try {
            $this->client()->call('gettranslation', ['totranslate' => self::LABELS]);
            self::fail('an unregistered operation answered');
        } catch (TransportException $e) {
            // UNKNOWN_OPERATION is thrown outside webservice.php's try: HTTP 500.
            self::assertSame(500, $e->getHttpStatus());
        }
    }
}
