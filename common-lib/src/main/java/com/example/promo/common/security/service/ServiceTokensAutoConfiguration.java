package com.example.promo.common.security.service;

import java.time.Clock;
import java.util.List;

import com.example.promo.common.security.ConditionalOnHmacSecret;
import com.example.promo.common.security.SecurityProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;

/**
 * The service's own identity for calls to other services ({@link ServiceTokens}):
 * <ul>
 * <li>with {@code promo.security.jwt.hmac-secret} set, a {@link ServiceTokenMinter} and
 * tokens minted per request;</li>
 * <li>without it, when Spring Security OAuth2 client registrations are configured
 * ({@code spring.security.oauth2.client.registration.promo-service.*}: client id and
 * secret, {@code authorization-grant-type: client_credentials}, {@code scope:
 * promo:service}, and the provider's token URI), tokens by client credentials through
 * {@link OAuth2ClientHttpRequestInterceptor}, cached until they expire.</li>
 * </ul>
 * Without either there is no {@link ServiceTokens} bean, and a service that needs one
 * does not start.
 */
@AutoConfiguration(after = OAuth2ClientAutoConfiguration.class)
// Guarded by class: the gateway takes common-lib (for discovery) without the OAuth2
// client.
@ConditionalOnClass(name = { "org.springframework.security.oauth2.client.OAuth2AuthorizedClientService",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties" })
@EnableConfigurationProperties({ SecurityProperties.class, OAuth2ResourceServerProperties.class })
public class ServiceTokensAutoConfiguration {

	@Bean
	@ConditionalOnHmacSecret
	@ConditionalOnMissingBean
	ServiceTokenMinter serviceTokenMinter(SecurityProperties properties, OAuth2ResourceServerProperties resourceServer,
			ObjectProvider<Clock> clock) {
		return new ServiceTokenMinter(properties.jwt().hmacSecret(), properties.jwt().issuer(),
				resourceServer.getJwt().getAudiences(), properties.jwt().serviceTokenTtl(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnHmacSecret
	@ConditionalOnMissingBean
	ServiceTokens mintedServiceTokens(ServiceTokenMinter minter,
			@Value("${spring.application.name}") String serviceName) {
		return new ServiceTokens((request, body, execution) -> {
			request.getHeaders().setBearerAuth(minter.mint(serviceName));
			return execution.execute(request, body);
		});
	}

	@Bean
	@ConditionalOnHmacSecret(present = false)
	@ConditionalOnBean(ClientRegistrationRepository.class)
	@ConditionalOnMissingBean
	ServiceTokens clientCredentialsServiceTokens(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients, SecurityProperties properties,
			@Value("${spring.application.name}") String serviceName) {
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(
				new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, authorizedClients));
		String registrationId = properties.serviceClientRegistration();
		// The service itself, whoever's request is being served: one cached token per
		// service.
		Authentication self = UsernamePasswordAuthenticationToken.authenticated(serviceName, null, List.of());
		interceptor.setClientRegistrationIdResolver((request) -> registrationId);
		interceptor.setPrincipalResolver((request) -> self);
		interceptor.setAuthorizationFailureHandler(
				OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClients));
		return new ServiceTokens(interceptor);
	}

}
