<?php

function vtws_registry_nouser($text)
{
    return ['text' => $text];
}
