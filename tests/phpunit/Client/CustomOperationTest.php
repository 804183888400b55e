<?php

declare(strict_types=1);

namespace Vtws\Tests\Client;

require_once __DIR__ . '/TestCase.php';

use Vtws\Client;

/** call() with the tutorial's gettranslation operation. */
final class CustomOperationTest extends TestCase
{
    private Client $client;

    protected function setUp(): void
    {
        self::resetServer();
        self::clearFaults();
        $this->client = $this->loggedInClient();
        self::resetStats();
    }

    public function testTranslationToRussian(): void
    {
        $result = $this->client->call('gettranslation', [
            'totranslate' => ['SINGLE_Contacts', 'Contacts'],
            'language' => 'ru_ru',
            'module' => 'Contacts',
        ]);

        self::assertSame(['SINGLE_Contacts' => 'Контакт', 'Contacts' => 'Контакты'], $result);
        $log = self::requestLog();
        self::assertSame(['POST', 'gettranslation'], [$log[0]['method'], $log[0]['operation']]);
        $sources = array_column($log[0]['params'], 'source', 'name');
        self::assertSame('body', $sources['totranslate']);
    }

    public function testTranslationToEnglishAndUnknownKeysComeBackUnchanged(): void
    {
        $result = $this->client->call('gettranslation', [
            'totranslate' => ['SINGLE_Contacts', 'NO_SUCH_LABEL_XYZ'],
            'language' => 'en_us',
            'module' => 'Contacts',
        ]);

        self::assertSame('Contact', $result['SINGLE_Contacts']);
        self::assertSame('NO_SUCH_LABEL_XYZ', $result['NO_SUCH_LABEL_XYZ']);
    }

    public function testSentByGetTheOperationAnswersNull(): void
    {
        $result = $this->client->call('gettranslation', [
            'totranslate' => ['SINGLE_Contacts'],
            'language' => 'ru_ru',
            'module' => 'Contacts',
        ], 'GET');

        self::assertNull($result);
        $log = self::requestLog();
        self::assertSame('GET', $log[0]['method']);
        $sources = array_column($log[0]['params'], 'source', 'name');
        self::assertSame('query', $sources['totranslate']);
    }

    public function testMethodNameIsCaseInsensitive(): void
    {
        $result = $this->client->call('gettranslation', ['totranslate' => ['Contacts'], 'language' => 'ru_ru',
            'module' => 'Contacts'], 'post');

        self::assertSame(['Contacts' => 'Контакты'], $result);
    }

    public function testNullParametersAreLeftOut(): void
    {
        $result = $this->client->call('gettranslation', ['totranslate' => ['Contacts'], 'language' => null,
            'module' => 'Contacts']);

        self::assertSame(['Contacts' => 'Contacts'], $result, 'without language the answer is English');
        self::assertNotContains('language', array_column(self::requestLog()[0]['params'], 'name'));
    }

    public function testBuiltInOperationsCanBeCalledToo(): void
    {
        $record = $this->client->call('retrieve', ['id' => self::MAIN_CONTACT], 'GET');

        self::assertSame(self::MAIN_CONTACT, $record['id']);
    }

    public function testUnknownOperationIsTheVtigerHttp500(): void
    {
        $e = self::catchThrown(\Vtws\TransportException::class, fn () => $this->client->call('no_such_operation'));

        self::assertSame(500, $e->getHttpStatus());
        self::assertSame('no_such_operation', $e->getOperation());
    }
}
