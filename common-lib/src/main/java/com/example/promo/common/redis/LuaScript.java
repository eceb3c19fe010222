package com.example.promo.common.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

import org.springframework.core.io.ClassPathResource;

/**
 * A Lua script kept as a classpath file, loaded into Redis once ({@code SCRIPT LOAD}) and
 * run by its SHA ({@code EVALSHA}). After a Redis restart or {@code SCRIPT FLUSH} the
 * first {@code NOSCRIPT} reply reloads it and the call is repeated once. Arguments and
 * replies use the string codec; all keys of one call must share a hash tag (Redis Cluster
 * runs a script on one slot).
 */
public final class LuaScript {

	private final RScript script;

	private final String source;

	private volatile String sha;

	private LuaScript(RScript script, String source) {
		this.script = script;
		this.source = source;
		this.sha = script.scriptLoad(source);
	}

	/**
	 * Reads and loads a script.
	 * @param redisson the client
	 * @param classpathLocation e.g. {@code coupon/lua/admit.lua}
	 * @return the loaded script
	 * @throws UncheckedIOException if the file cannot be read
	 */
	public static LuaScript load(RedissonClient redisson, String classpathLocation) {
		try (InputStream in = new ClassPathResource(classpathLocation).getInputStream()) {
			String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return new LuaScript(redisson.getScript(StringCodec.INSTANCE), source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Lua script " + classpathLocation, ex);
		}
	}

	/**
	 * Runs the script atomically.
	 * @param <R> the reply type ({@code Long} for {@link RScript.ReturnType#LONG},
	 * {@code List<Object>} for {@link RScript.ReturnType#LIST})
	 * @param returnType how to read the reply
	 * @param keys the KEYS, first one decides the slot
	 * @param args the ARGV, sent as strings
	 * @return the reply
	 * @throws RedisException if Redis is unreachable or the script fails
	 */
	public <R> R run(RScript.ReturnType returnType, List<Object> keys, Object... args) {
		String routingKey = (String) keys.get(0);
		try {
			return this.script.evalSha(routingKey, RScript.Mode.READ_WRITE, this.sha, returnType, keys, args);
		}
		catch (RedisException ex) {
			if (ex.getMessage() == null || !ex.getMessage().contains("NOSCRIPT")) {
				throw ex;
			}
			this.sha = this.script.scriptLoad(this.source);
			return this.script.evalSha(routingKey, RScript.Mode.READ_WRITE, this.sha, returnType, keys, args);
		}
	}

}
